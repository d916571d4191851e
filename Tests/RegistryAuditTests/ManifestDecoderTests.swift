import PolicyCore
import RegistryAudit
import XCTest

final class ManifestDecoderTests: XCTestCase {
    private let minimal = """
    version: 1
    registries:
      - account: "123456789012"
        region: us-east-1
        repositories:
          - name: employee-api
            policy: repositories/employee-api.json
    """

    func testDecodesBundledManifest() throws {
        let text = try String(contentsOf: bundledPolicies.appendingPathComponent("ecrguard.yaml"), encoding: .utf8)
        let manifest = try ManifestDecoder.decode(text, file: "policies/ecrguard.yaml")
        XCTAssertEqual(manifest.registries.map(\.name), ["production", "production-west", "disaster-recovery"])
        let production = try XCTUnwrap(manifest.registries.first)
        XCTAssertEqual(production.account, "123456789012")
        XCTAssertEqual(production.organization, OrganizationMembership(id: "o-a1b2c3d4e5", ouPath: "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/"))
        XCTAssertEqual(production.replication.count, 1)
        XCTAssertEqual(production.replication[0].destinations.map(\.label), ["123456789012/us-west-2", "210987654321/us-east-1"])
        XCTAssertEqual(production.replication[0].filters.map(\.prefix), ["employee-"])
        let repository = try XCTUnwrap(production.repository(named: "employee-api"))
        XCTAssertTrue(repository.scanOnPush)
        XCTAssertEqual(repository.tagMutability, .immutable)
        XCTAssertEqual(repository.encryption, .kms(key: nil))
        XCTAssertEqual(repository.policy?.path, "repositories/employee-api.json")
        XCTAssertEqual(manifest.registries[2].policyScope, .v2)
        XCTAssertEqual(manifest.principal(named: "ci")?.serviceControlPolicies.count, 3)
        XCTAssertEqual(manifest.principal(named: "ci")?.account, "123456789012")
        XCTAssertTrue(manifest.principal(named: "anonymous")?.isAnonymous ?? false)
        XCTAssertEqual(manifest.expectations.count, 7)
    }

    func testDefaultsAndPositions() throws {
        let manifest = try ManifestDecoder.decode(minimal, file: "m.yaml")
        let registry = manifest.registries[0]
        XCTAssertEqual(registry.name, "123456789012/us-east-1")
        XCTAssertEqual(registry.policyScope, .v2)
        let repository = registry.repositories[0]
        XCTAssertFalse(repository.scanOnPush)
        XCTAssertEqual(repository.tagMutability, .mutable)
        XCTAssertEqual(repository.encryption, .aes256)
        XCTAssertEqual(repository.policy?.location, ManifestLocation(file: "m.yaml", line: 7, column: 17))
        XCTAssertEqual(repository.location.line, 6)
    }

    func testUnknownKeyIsRejectedWithSuggestion() {
        let text = minimal + "\n        scanOnpush: true\n"
        assertErrors(text, [("m.yaml:8:9", "unknown key 'scanOnpush' in a repository; did you mean 'scanOnPush'?")])
    }

    func testUnknownTopLevelKeyListsTheKnownOnes() {
        assertErrors("version: 1\nregistry: []\nregistries: []\n", [
            ("m.yaml:2:1", "unknown key 'registry' in the manifest; expected one of: version, registries, principals, expectations"),
            ("m.yaml:3:13", "'registries' must list at least one registry"),
        ])
    }

    func testYAMLSyntaxErrorHasPosition() {
        let errors = decodeErrors("version: 1\nregistries:\n  - account: \"123456789012\n")
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.location.file, "m.yaml")
        XCTAssertTrue(errors.first?.message.hasPrefix("not valid YAML") ?? false, errors.description)
        XCTAssertGreaterThanOrEqual(errors.first?.location.line ?? 0, 3)
    }

    func testDuplicateKeyIsAnError() {
        let errors = decodeErrors("version: 1\nversion: 1\nregistries: []\n")
        XCTAssertEqual(errors.map(\.message), ["duplicate key 'version' in one mapping"])
        XCTAssertEqual(errors.first?.location.line, 1)
    }

    func testBadValuesEachAtTheirLine() {
        let text = """
        version: 1
        registries:
          - account: 12345
            region: useast1
            organization: {id: org-1}
            repositories:
              - name: Employee_API
                scanOnPush: maybe
                imageTagMutability: FROZEN
                encryption: {type: AES256, kmsKey: alias/x}
        """
        assertErrors(text, [
            ("m.yaml:3:14", "'12345' is not an AWS account id: expected 12 digits (quote it in YAML to keep leading zeros)"),
            ("m.yaml:4:13", "'useast1' is not an AWS Region name such as us-east-1"),
            ("m.yaml:5:24", "'org-1' is not an organization id: expected 'o-' and 10 to 32 lowercase letters or digits"),
            ("m.yaml:7:15", "'Employee_API' is not a valid ECR repository name: 2 to 256 lowercase letters, digits and separators (. _ - /), starting and ending with a letter or digit"),
            ("m.yaml:8:21", "'scanOnPush' must be true or false, found 'maybe'"),
            ("m.yaml:9:29", "'imageTagMutability' must be one of MUTABLE, IMMUTABLE, IMMUTABLE_WITH_EXCLUSION, MUTABLE_WITH_EXCLUSION, found 'FROZEN'"),
            ("m.yaml:10:44", "'kmsKey' applies only to encryption type KMS"),
        ])
    }

    func testMissingRequiredKeyIsReportedAtItsMapping() {
        assertErrors("version: 1\nregistries:\n  - account: \"123456789012\"\n", [
            ("m.yaml:3:5", "a registry is missing required key 'region'"),
        ])
    }

    func testReplicationRules() throws {
        let text = minimal + """

            replication:
              rules:
                - destinations:
                    - {region: us-east-1, registryId: "123456789012"}
                  repositoryFilters:
                    - {filter: Team/, filterType: PREFIX_MATCH}
                    - {filter: team-, filterType: REGEX}
        """
        assertErrors(text, [
            ("m.yaml:11:15", "a replication destination cannot be the source registry itself (123456789012/us-east-1)"),
            ("m.yaml:13:24", "'Team/' is not a valid PREFIX_MATCH filter: lowercase letters, digits and . _ - / only, at most 256 characters"),
            ("m.yaml:14:43", "'filterType' must be PREFIX_MATCH (the only filter type ECR supports), found 'REGEX'"),
        ])
    }

    func testExpectationReferencesAreChecked() {
        let text = minimal + """

        principals:
          - {name: ci, arn: "arn:aws:iam::123456789012:role/ci"}
          - {name: ci, arn: "arn:aws:iam::123456789012:role/other"}
          - {name: bad, arn: "arn:aws:iam::*:role/x"}
        expectations:
          - {principal: ghost, repository: employee-api, can: [pull]}
          - {principal: ci, repository: missing-repo, can: [fly]}
          - {principal: ci, repository: employee-api, can: [push], cannot: [push]}
          - {replication: employee-api, to: {region: us-west-2, registryId: "123456789012"}, arrives: yes}
        """
        assertErrors(text, [
            ("m.yaml:10:5", "principal 'ci' is described twice (first at line 9)"),
            ("m.yaml:11:22", "'arn:aws:iam::*:role/x' is not a principal: expected an IAM or STS ARN (arn:aws:iam::123456789012:role/ci), a service principal (ecr.amazonaws.com) or 'anonymous'"),
            ("m.yaml:13:5", "expectation names principal 'ghost', which 'principals' does not describe"),
            ("m.yaml:14:33", "no registry describes repository 'missing-repo'"),
            ("m.yaml:14:53", "a capability in 'can' must be one of pull, push, replicate, configure-replication, pull-through-cache-import, manage-policy, delete, found 'fly'"),
            ("m.yaml:15:53", "'push' is listed under both 'can' and 'cannot'"),
            ("m.yaml:16:95", "'arrives' must be true or false, found 'yes'"),
        ])
    }

    func testAmbiguousRepositoryNeedsRegistry() throws {
        let text = minimal + """

          - name: west
            account: "123456789012"
            region: us-west-2
            repositories: [{name: employee-api}]
        principals: [{name: ci, arn: "arn:aws:iam::123456789012:role/ci"}]
        expectations:
          - {principal: ci, repository: employee-api, can: [pull]}
          - {principal: ci, registry: west, repository: employee-api, can: [pull]}
        """
        assertErrors(text, [
            ("m.yaml:14:33", "repository 'employee-api' exists in registries '123456789012/us-east-1', 'west'; add 'registry:' to say which"),
        ])
    }

    func testEmptyManifest() {
        assertErrors("", [("m.yaml:1:1", "the manifest is empty; it must describe at least one registry")])
        assertErrors("# only a comment\n", [("m.yaml:1:1", "the manifest is empty; it must describe at least one registry")])
    }

    // MARK: helpers

    private func decodeErrors(_ text: String) -> [ManifestError] {
        do {
            _ = try ManifestDecoder.decode(text, file: "m.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    private func assertErrors(_ text: String, _ expected: [(String, String)], file: StaticString = #filePath, line: UInt = #line) {
        let errors = decodeErrors(text)
        XCTAssertEqual(errors.map { "\($0.location) \($0.message)" }, expected.map { "\($0.0) \($0.1)" }, file: file, line: line)
    }
}

/// `policies/` at the repository root.
let bundledPolicies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("policies")

/// docs/policies-format.md documents the format with an example; it must stay a valid manifest.
final class ReadmeManifestExampleTests: XCTestCase {
    func testReadmeExampleDecodes() throws {
        let document = bundledPolicies.deletingLastPathComponent().appendingPathComponent("docs/policies-format.md")
        let rest = try String(contentsOf: document, encoding: .utf8)[...]
        let start = try XCTUnwrap(rest.range(of: "```yaml\n"))
        let end = try XCTUnwrap(rest[start.upperBound...].range(of: "```"))
        let example = String(rest[start.upperBound..<end.lowerBound])
        let manifest = try ManifestDecoder.decode(example, file: "docs/policies-format.md")
        XCTAssertEqual(manifest.registries.first?.replication.first?.destinations.count, 2)
        XCTAssertEqual(manifest.registries.first?.pullThroughCache.first?.upstreamRegistryUrl, "public.ecr.aws")
        XCTAssertEqual(manifest.principals.first?.context["aws:SourceVpce"], ["vpce-1a2b3c4d"])
        XCTAssertEqual(manifest.principals.first?.serviceControlPolicies.count, 2)
        XCTAssertEqual(manifest.expectations.count, 2)
        // The extensions the importers write.
        XCTAssertEqual(manifest.registries.first?.organization?.managementAccount, "999999999999")
        XCTAssertEqual(manifest.registries.first?.resourceControlPolicies.map { $0.map(\.path) }, [["rcp/deny-outside-org.json"]])
        XCTAssertEqual(manifest.registries.first?.pullThroughCache.last?.customRoleArn, "arn:aws:iam::123456789012:role/ecr-pull-through-cache")
        XCTAssertEqual(manifest.registries.first?.repositories.last?.tagMutabilityExclusionFilters.map(\.filter), ["dev-*"])
        XCTAssertEqual(manifest.principals.last?.groups, ["developers"])
        XCTAssertEqual(manifest.principals.last?.serviceControlPoliciesNotCollected, true)
    }
}
