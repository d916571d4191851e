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
        XCTAssertEqual(full.accessMatrix.filter { $0.assumption == nil }.count, 100 * 30 * Capability.matrix.count)
        // And who-can's representative others for each repository: another principal of the account,
        // another account, anonymous (no organization here); none of them gets in without a repository policy.
        let representatives = full.accessMatrix.filter { $0.assumption != nil }
        XCTAssertEqual(representatives.count, 30 * 3 * Capability.matrix.count)
        XCTAssertTrue(representatives.allSatisfy { !$0.decision.isAllowed })
        XCTAssertTrue(fullNote?.contains("routes") ?? false)
        let denied = try XCTUnwrap(full.accessMatrix.first { $0.principal == "p1" && $0.capability == "pull" })
        XCTAssertEqual(denied.decision, .implicitDeny)
        XCTAssertTrue(denied.note?.contains("ecr:GetAuthorizationToken") ?? false, denied.note ?? "")
    }

    /// The bundled registry: every repository has rows for who-can's representatives, each allowed
    /// cell lists the Denies that were evaluated, and a grant to an outsider carries its risk.
    func testRepresentativesAndEvaluatedDeniesInTheMatrix() throws {
        let repo = #"{"Version": "2012-10-17", "Statement": [{"Sid": "AnyonePulls", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}, {"Sid": "NoPushFromOutside", "Effect": "Deny", "Principal": "*", "Action": "ecr:PutImage", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}}]}"#
        let ci = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#
        let yaml = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            organization: {id: o-member00001}
            repositories:
              - {name: api, policy: repo.json, scanOnPush: true}
        principals:
          - {name: ci, arn: "arn:aws:iam::123456789012:role/ci", identityPolicies: [ci.json]}
        """
        let files = ["repo.json": repo, "ci.json": ci]
        let input = try RegistryLoader.load(manifestText: yaml, manifestPath: "m.yaml", directory: ".") { path in
            guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
            return text
        }
        let (report, _) = AuditReportBuilder(inputs: ["m.yaml"], threshold: .high, generatedAt: Date()).report(RegistryAuditor().audit(input))
        let push = try XCTUnwrap(report.accessMatrix.first { $0.principal == "ci" && $0.capability == "push" })
        XCTAssertEqual(push.decision, .allowed)
        XCTAssertEqual(push.evaluatedDenies?.map(\.statement.sid), ["NoPushFromOutside"])
        XCTAssertEqual(push.evaluatedDenies?.first?.reason,
                       "its condition StringNotEquals aws:PrincipalAccount 123456789012 is false: the request carries aws:PrincipalAccount = 123456789012")
        XCTAssertNil(report.accessMatrix.first { $0.principal == "ci" && $0.capability == "delete" }?.evaluatedDenies?.first)
        let others = report.accessMatrix.filter { $0.assumption != nil }
        XCTAssertEqual(Set(others.map(\.principal)), ["another principal of account 123456789012", "any principal of another AWS account (outside the organization)",
                                                       "a principal of another account in organization o-member00001", "an anonymous caller"])
        let anonymousPull = try XCTUnwrap(others.first { $0.principal == "an anonymous caller" && $0.capability == "pull" })
        XCTAssertEqual(anonymousPull.decision, .implicitDeny, "anonymous callers get no authorization token")
        let outsiderPull = try XCTUnwrap(others.first { $0.principal.hasPrefix("any principal of another AWS account") && $0.capability == "pull" })
        XCTAssertEqual(outsiderPull.decision, .allowed)
        XCTAssertNotNil(outsiderPull.risk)
        let outsiderPush = try XCTUnwrap(others.first { $0.principal.hasPrefix("any principal of another AWS account") && $0.capability == "push" })
        XCTAssertEqual(outsiderPush.decision, .explicitDeny)
        let memberPull = try XCTUnwrap(others.first { $0.principal.hasPrefix("a principal of another account in organization") && $0.capability == "pull" })
        XCTAssertEqual(memberPull.decision, .allowed)
        XCTAssertNil(memberPull.risk, "the organization is amber, not red")
    }
}
