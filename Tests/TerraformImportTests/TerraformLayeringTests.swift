import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
@testable import TerraformImport
import XCTest

/// A plan laid over the team's `policies/` (the bundled example registry): what the plan declares
/// replaces the base's entries, what it does not manage stays, and the base's expectations judge it.
final class TerraformLayeringTests: XCTestCase {
    /// The repository's bundled `policies/` directory, read as `audit policies` reads it.
    func bundledPolicies() throws -> RegistryInput {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("policies").path
        let manifestPath = directory + "/ecrguard.yaml"
        return try RegistryLoader.load(manifestText: try String(contentsOfFile: manifestPath, encoding: .utf8), manifestPath: manifestPath,
                                       directory: directory, read: { try String(contentsOfFile: $0, encoding: .utf8) })
    }

    func layered(_ text: String) throws -> ImportedState {
        try TerraformPlanReader.read(text: text, file: "pr.plan.json", options: TerraformReadOptions(), layeredOver: try bundledPolicies())
    }

    func audit(_ state: ImportedState) throws -> RegistryAuditResult {
        var result = RegistryAuditor(check: nil).audit(try state.registryInput(directory: "pr.plan.json"))
        result.add(state.gaps)
        return result
    }

    func testPlanMatchingTheTeamsRulesPasses() throws {
        let state = try layered(try fixture("employee-api-change.plan.json"))
        let production = try XCTUnwrap(state.manifest.registry(account: "123456789012", region: "us-east-1"))
        // The base's registry name, organization and replication stay: the plan does not manage them.
        XCTAssertEqual(production.name, "production")
        XCTAssertEqual(production.organization?.id, "o-a1b2c3d4e5")
        XCTAssertEqual(production.replication.first?.destinations.count, 2)
        // The repository and its policy are the plan's.
        XCTAssertEqual(production.repository(named: "employee-api")?.policy?.path, "repositories/123456789012/us-east-1/employee-api.json")
        XCTAssertEqual(state.policies["repositories/123456789012/us-east-1/employee-api.json"]?.origin,
                       #"module.service["employee-api"].aws_ecr_repository_policy.this.policy"#)
        // The plan's role replaces the base's principal of the same ARN, keeping its name and SCPs.
        let ci = try XCTUnwrap(state.manifest.principal(named: "ci"))
        XCTAssertEqual(ci.identityPolicies.map(\.path), ["identity/123456789012/role/ci.inline.ci-push.json"])
        XCTAssertEqual(ci.serviceControlPolicies.count, 3)
        XCTAssertEqual(state.manifest.expectations.count, 7)
        let result = try audit(state)
        XCTAssertEqual(result.failedExpectations.map(\.explanation), [])
        XCTAssertEqual(result.inputErrors.map(\.description), [])
    }

    /// The pull request drops the organization condition: the base's "outsider cannot pull" fails (an
    /// anonymous caller still cannot pull: private ECR needs an authorization token).
    func testPlanOpeningTheRepositoryFailsTheTeamsExpectations() throws {
        let opened = try fixture("employee-api-change.plan.json").replacingOccurrences(
            of: #",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}"#, with: "")
        XCTAssertNotEqual(opened, try fixture("employee-api-change.plan.json"))
        let result = try audit(try layered(opened))
        let failed = result.failedExpectations.map { "\($0.name): \($0.explanation)" }
        XCTAssertEqual(result.failedExpectations.map(\.name), ["outsider cannot pull production/employee-api"], failed.joined(separator: "\n"))
    }

    /// A plan that only changes the CI role's policy keeps the base's repository policy.
    func testRepositoryPolicyThePlanDoesNotManageStaysTheBases() throws {
        var text = try fixture("employee-api-change.plan.json")
        text = text.replacingOccurrences(of: "aws_ecr_repository_policy", with: "aws_ecr_lifecycle_policy")
        let state = try layered(text)
        XCTAssertEqual(state.manifest.registry(account: "123456789012", region: "us-east-1")?.repository(named: "employee-api")?.policy?.path,
                       "repositories/employee-api.json")
        XCTAssertEqual(try audit(state).failedExpectations.count, 0)
    }
}
