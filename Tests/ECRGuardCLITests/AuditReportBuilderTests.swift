@testable import ECRGuardCLI
import Foundation
import PolicyCore
import RegistryAudit
import Reports
import XCTest

/// Reports of large registries stay bounded, and say what they left out.
final class AuditReportBuilderTests: XCTestCase {
    func testLargeRegistryListsAllowedCellsOnlyUpToTheLimit() throws {
        let pull = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]}"#
        var yaml = "version: 1\nregistries:\n  - account: \"123456789012\"\n    region: us-east-1\n    replication:\n      rules:\n        - destinations: [{region: us-west-2, registryId: \"123456789012\"}]\n    repositories:\n"
        for r in 0..<30 { yaml += "      - {name: repo-\(r), scanOnPush: true}\n" }
        yaml += "principals:\n"
        for p in 0..<100 {
            let policy = p % 2 == 0 ? ", identityPolicies: [pull.json]" : ""
            yaml += "  - {name: p\(p), arn: \"arn:aws:iam::123456789012:role/p\(p)\"\(policy)}\n"
        }
        let input = try RegistryLoader.load(manifestText: yaml, manifestPath: "m.yaml", directory: ".") { path in
            guard path == "pull.json" else { throw CocoaError(.fileNoSuchFile) }
            return pull
        }
        let result = RegistryAuditor().audit(input)
        XCTAssertEqual(result.matrix.allowedCount, 50 * 30, "every even principal can pull every repository")

        var builder = AuditReportBuilder(inputs: ["m.yaml"], threshold: .high, generatedAt: Date())
        builder.maximumMatrixEntries = 100
        builder.maximumReplicationEntries = 10
        let (report, note) = builder.report(result)
        XCTAssertEqual(report.accessMatrix.count, 100)
        XCTAssertTrue(report.accessMatrix.allSatisfy { $0.decision == .allowed })
        XCTAssertEqual(report.replication.count, 10)
        XCTAssertTrue(note?.contains("100 of 1500 allowed cells") ?? false, note ?? "no note")
        XCTAssertTrue(note?.contains("10 of 30 routes") ?? false, note ?? "no note")
        XCTAssertEqual(report.metadata.verdict, .pass)

        // A small registry lists every cell, denied ones included, each explained.
        builder.fullMatrixPairLimit = 10_000
        let (full, fullNote) = builder.report(result)
        XCTAssertEqual(full.accessMatrix.count, 100 * 30 * Capability.matrix.count)
        XCTAssertTrue(fullNote?.contains("routes") ?? false)
        let denied = try XCTUnwrap(full.accessMatrix.first { $0.principal == "p1" && $0.capability == "pull" })
        XCTAssertEqual(denied.decision, .implicitDeny)
        XCTAssertTrue(denied.note?.contains("ecr:GetAuthorizationToken") ?? false, denied.note ?? "")
    }
}
