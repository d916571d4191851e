import PolicyCore
import RegistryAudit
import XCTest

/// The bundled `policies/` is the example users copy: it must audit clean, and every expectation in
/// it must pass for the reason it states.
final class BundledRegistryTests: XCTestCase {
    static func loadBundled() throws -> RegistryInput {
        let root = bundledPolicies
        let text = try String(contentsOf: root.appendingPathComponent("ecrguard.yaml"), encoding: .utf8)
        let base = root.deletingLastPathComponent()
        return try RegistryLoader.load(manifestText: text, manifestPath: "policies/ecrguard.yaml", directory: "policies") { path in
            try String(contentsOf: base.appendingPathComponent(path), encoding: .utf8)
        }
    }

    func testBundledRegistryIsClean() throws {
        let result = RegistryAuditor().audit(try Self.loadBundled())
        XCTAssertEqual(result.inputErrors.map(\.description), [])
        XCTAssertEqual(result.findings.filter { $0.severity >= .high }.map { "\($0.file):\($0.span.start) \($0.code) \($0.message)" }, [])
        for e in result.expectations {
            XCTAssertTrue(e.passed, "\(e.name): \(e.explanation)")
        }
        XCTAssertEqual(result.expectations.count, 14)
    }

    func testAccessMatrixOfBundledRegistry() throws {
        let result = RegistryAuditor().audit(try Self.loadBundled())
        let names = result.matrix.principals
        func allowed(_ principal: String, _ capability: Capability) -> Bool? {
            result.matrix.isAllowed(principal: names.firstIndex(of: principal)!, repository: 0, capability: capability)
        }
        XCTAssertEqual(allowed("ci", .push), true)
        XCTAssertEqual(allowed("ci", .pull), true)
        XCTAssertEqual(allowed("ci", .managePolicy), false)
        XCTAssertEqual(allowed("developer", .pull), true)
        XCTAssertEqual(allowed("developer", .push), false)
        XCTAssertEqual(allowed("org-deploy", .pull), true)
        XCTAssertEqual(allowed("org-deploy", .push), false)
        XCTAssertEqual(allowed("outsider", .pull), false)
        XCTAssertEqual(allowed("anonymous", .pull), false)

        // The developer's push is stopped by the repository policy's Deny, not by a missing Allow.
        let developer = result.model.explain(principal: names.firstIndex(of: "developer")!, repository: 0, capability: .push)
        XCTAssertEqual(developer.outcome, .explicitDeny)
        let denies = CapabilityExplanation(developer).decidingStatements
        XCTAssertEqual(Set(denies.map { "\($0.policyName) \($0.sid ?? "")" }), ["policies/repositories/employee-api.json DenyPushExceptCI"])
        // The organization member pulls through the repository policy's organization statement.
        let deploy = result.model.explain(principal: names.firstIndex(of: "org-deploy")!, repository: 0, capability: .pull)
        XCTAssertTrue(CapabilityExplanation(deploy).decidingStatements.contains { $0.sid == "AllowPullFromOrganization" })
    }

    func testBundledReplicationArrives() throws {
        let result = RegistryAuditor().audit(try Self.loadBundled())
        XCTAssertEqual(result.replication.map { "\($0.repository.name) -> \($0.destinationLabel) \($0.status.rawValue)" }, [
            "employee-api -> 123456789012/us-west-2 arrives",
            "employee-api -> 210987654321/us-east-1 arrives",
        ])
        XCTAssertFalse(result.replication[0].crossAccount)
        XCTAssertTrue(result.replication[1].crossAccount)
        XCTAssertTrue(result.replication[1].reason.contains("ecr:ReplicateImage and ecr:CreateRepository"), result.replication[1].reason)
        XCTAssertTrue(result.replication[1].notes.contains { $0.contains("destination's policies govern") }, "\(result.replication[1].notes)")
    }
}
