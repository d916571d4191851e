import PolicyCore
import RegistryAudit
import RegistryImport
import XCTest

/// An import laid over the bundled policies/: the team's expectations judge the imported state.
final class LayeringTests: XCTestCase {
    let at = ManifestLocation(file: "plan.json", line: 3, column: 7)
    static let noPush = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"], "Resource": "*"}]}"#
    static let publicPull = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#

    func importedState(registries: [RegistryManifest], principals: [PrincipalManifest], policies: [String: String]) -> ImportedState {
        ImportedState(manifest: Manifest(file: "plan.json", registries: registries, principals: principals, expectations: []),
                      policies: policies.mapValues { ImportedPolicy(text: $0, origin: "plan.json") },
                      gaps: [ImportGap(code: "IAC_VALUE_UNKNOWN", location: at, subject: "aws_ecr_repository_policy.x.policy", message: "known after apply")],
                      provenance: ImportProvenance(source: "terraform plan plan.json"))
    }

    /// The imported CI role (same ARN, the manifest's name kept) loses push: the team's expectation
    /// "ci can push" fails; the base's other principals, registries and expectations stay.
    func testImportedPrincipalIsJudgedByTheBaseExpectations() throws {
        let base = try Bundled.load("policies")
        let ci = PrincipalManifest(name: "123456789012/role/ci", identity: "arn:aws:iam::123456789012:role/ci",
                                   identityPolicies: [PolicyReference(path: "identity/123456789012/role/ci.inline.pull.json", location: at)], location: at)
        let state = importedState(registries: [], principals: [ci], policies: ["identity/123456789012/role/ci.inline.pull.json": Self.noPush])
        let layered = state.layered(over: base)
        XCTAssertEqual(layered.manifest.principals.map(\.name), base.manifest.principals.map(\.name))
        XCTAssertEqual(layered.manifest.registries.count, 3)
        XCTAssertEqual(layered.gaps.map(\.code), ["IAC_VALUE_UNKNOWN"])
        XCTAssertNil(layered.policies["identity/ci-push.json"], "no longer referenced: dropped")
        let layeredCI = try XCTUnwrap(layered.manifest.principals.first { $0.name == "ci" })
        XCTAssertEqual(layeredCI.identityPolicies.map(\.path), ["identity/123456789012/role/ci.inline.pull.json"])
        XCTAssertEqual(layeredCI.serviceControlPolicies.count, 3, "the import knows no SCPs: the base's levels stay")
        let result = RegistryAuditor().audit(try layered.registryInput(directory: "layered"))
        XCTAssertEqual(result.inputErrors, [])
        XCTAssertEqual(result.expectations.count, 14)
        XCTAssertEqual(result.failedExpectations.map(\.name), ["ci can push production/employee-api"])
    }

    /// A registry of the import replaces the base's registry settings (its name kept); the import's
    /// repository of the same name replaces the base's, other base repositories stay.
    func testImportedRegistryReplacesTheBaseRegistry() throws {
        let base = try Bundled.load("policies")
        let registry = RegistryManifest(name: "123456789012/us-east-1", account: "123456789012", region: "us-east-1",
                                        repositories: [RepositoryManifest(name: "employee-api", policy: PolicyReference(path: "repositories/123456789012/us-east-1/employee-api.json", location: at),
                                                                          scanOnPush: true, location: at),
                                                       RepositoryManifest(name: "new-repo", scanOnPush: true, location: at)],
                                        location: at)
        let state = importedState(registries: [registry], principals: [], policies: ["repositories/123456789012/us-east-1/employee-api.json": Self.publicPull])
        let layered = state.layered(over: base)
        let production = try XCTUnwrap(layered.manifest.registries.first { $0.account == "123456789012" && $0.region == "us-east-1" })
        XCTAssertEqual(production.name, "production")
        XCTAssertEqual(production.repositories.map(\.name), ["employee-api", "new-repo"])
        XCTAssertEqual(production.replication.count, 0, "the import's registry settings replace the base's")
        let result = RegistryAuditor().audit(try layered.registryInput(directory: "layered"))
        XCTAssertEqual(result.inputErrors, [])
        let failed = Set(result.failedExpectations.map(\.name))
        XCTAssertTrue(failed.contains("outsider cannot pull production/employee-api"), "\(failed)")
        XCTAssertTrue(failed.contains("developer cannot push production/employee-api"), "\(failed)")
    }

    /// A base policy file at a path the import writes with other text moves to base/PATH, so both
    /// stay as they were.
    func testCollidingPolicyPathsKeepBothTexts() throws {
        let base = try Bundled.load("policies")
        let newcomer = PrincipalManifest(name: "newcomer", identity: "arn:aws:iam::123456789012:role/newcomer",
                                         identityPolicies: [PolicyReference(path: "identity/ci-push.json", location: at)], location: at)
        let layered = importedState(registries: [], principals: [newcomer], policies: ["identity/ci-push.json": Self.noPush]).layered(over: base)
        let ci = try XCTUnwrap(layered.manifest.principals.first { $0.name == "ci" })
        XCTAssertEqual(ci.identityPolicies.map(\.path), ["base/identity/ci-push.json"])
        XCTAssertEqual(layered.policies["identity/ci-push.json"]?.text, Self.noPush)
        let result = RegistryAuditor().audit(try layered.registryInput(directory: "layered"))
        XCTAssertEqual(result.failedExpectations.map(\.name), [])
        let p = try XCTUnwrap(result.matrix.principals.firstIndex(of: "newcomer"))
        XCTAssertEqual(result.matrix.isAllowed(principal: p, repository: 0, capability: .push), false)
    }
}
