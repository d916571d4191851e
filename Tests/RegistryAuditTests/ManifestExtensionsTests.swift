import PolicyCore
import RegistryAudit
import XCTest

/// The manifest extensions the importers need: tag mutability exclusions, registry RCPs, the
/// organization's management account, pull-through cache ECR-to-ECR fields, user groups, and SCPs
/// marked as not collected.
final class ManifestExtensionsTests: XCTestCase {
    static let publicPull = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#
    static let ecrEverything = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#
    static let rcpOrgOnly = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#
    static let scpDenyECR = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}, {"Effect": "Deny", "Action": "ecr:*", "Resource": "*"}]}"#

    func load(_ manifest: String, _ files: [String: String] = [:]) throws -> RegistryInput {
        try RegistryLoader.load(manifestText: manifest, manifestPath: "p/ecrguard.yaml", directory: "p",
                                read: InMemoryFiles(files: Dictionary(uniqueKeysWithValues: files.map { ("p/" + $0.key, $0.value) })).reader)
    }

    func errors(_ manifest: String) -> [String] {
        do {
            _ = try ManifestDecoder.decode(manifest, file: "m.yaml")
            return []
        } catch {
            return error.errors.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        }
    }

    func allowed(_ result: RegistryAuditResult, _ principal: String, _ capability: Capability, repository: Int = 0) -> Bool? {
        result.matrix.principals.firstIndex(of: principal).flatMap { result.matrix.isAllowed(principal: $0, repository: repository, capability: capability) }
    }

    // MARK: tag mutability

    func testTagMutabilityWithExclusionFilters() throws {
        let manifest = try ManifestDecoder.decode("""
            version: 1
            registries:
              - account: "123456789012"
                region: us-east-1
                repositories:
                  - name: api
                    imageTagMutability: IMMUTABLE_WITH_EXCLUSION
                    imageTagMutabilityExclusionFilters:
                      - {filter: "latest", filterType: WILDCARD}
                      - {filter: "dev-*", filterType: WILDCARD}
                  - name: web
                    imageTagMutability: MUTABLE_WITH_EXCLUSION
                    imageTagMutabilityExclusionFilters: [{filter: "release-*", filterType: WILDCARD}]
            """, file: "m.yaml")
        let repositories = manifest.registries[0].repositories
        XCTAssertEqual(repositories.map(\.tagMutability), [.immutableWithExclusion, .mutableWithExclusion])
        XCTAssertEqual(repositories.map { $0.tagMutabilityExclusionFilters.map(\.filter) }, [["latest", "dev-*"], ["release-*"]])
    }

    func testTagMutabilityExclusionFiltersExactlyWithTheExclusionValues() {
        let base = """
            version: 1
            registries:
              - account: "123456789012"
                region: us-east-1
                repositories:
                  - name: api

            """
        XCTAssertEqual(errors(base + "        imageTagMutability: IMMUTABLE_WITH_EXCLUSION\n"),
                       ["7:29 imageTagMutability IMMUTABLE_WITH_EXCLUSION needs 'imageTagMutabilityExclusionFilters' (1 to 5 {filter, filterType: WILDCARD})"])
        XCTAssertEqual(errors(base + "        imageTagMutability: IMMUTABLE\n        imageTagMutabilityExclusionFilters: [{filter: x, filterType: WILDCARD}]\n"),
                       ["8:45 'imageTagMutabilityExclusionFilters' applies only to IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION (imageTagMutability is IMMUTABLE)"])
        XCTAssertEqual(errors(base + "        imageTagMutability: MUTABLE_WITH_EXCLUSION\n        imageTagMutabilityExclusionFilters: [{filter: \"a b\", filterType: PREFIX_MATCH}]\n"),
                       ["8:55 'a b' is not a valid tag filter: 1 to 128 letters, digits and . _ - *",
                        "8:74 'filterType' of a tag mutability exclusion filter must be WILDCARD (the only type ECR supports), found 'PREFIX_MATCH'"])
    }

    // MARK: resource control policies and the management account

    static let rcpManifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            organization: {id: o-a1b2c3d4e5}
            resourceControlPolicies:
              - [rcp/org-only.json]
            repositories:
              - {name: api, policy: public-pull.json}
        principals:
          - {name: insider, arn: "arn:aws:iam::210987654321:role/deploy", identityPolicies: [ecr.json], organization: {id: o-a1b2c3d4e5}}
          - {name: outsider, arn: "arn:aws:iam::444455556666:role/admin", identityPolicies: [ecr.json]}
        """

    /// A registry's RCPs are evaluated for requests to its repositories: the organization-only RCP
    /// stops the outsider that the public repository policy lets pull.
    func testRegistryResourceControlPoliciesRestrictRequestsToItsRepositories() throws {
        let files = ["rcp/org-only.json": Self.rcpOrgOnly, "public-pull.json": Self.publicPull, "ecr.json": Self.ecrEverything]
        let result = RegistryAuditor().audit(try load(Self.rcpManifest, files))
        XCTAssertEqual(result.inputErrors, [])
        XCTAssertEqual(result.model.input.policies.values.filter { $0.kind == .rcp }.map(\.path), ["p/rcp/org-only.json"])
        XCTAssertEqual(allowed(result, "insider", .pull), true)
        XCTAssertEqual(allowed(result, "outsider", .pull), false)
        let decision = result.model.explain(principal: 1, repository: 0, capability: .pull)
        XCTAssertEqual(decision.outcome, .explicitDeny, "the RCP's Deny (the only one in play) decides")
        // Without the RCP the same registry is public.
        let open = RegistryAuditor().audit(try load(Self.rcpManifest.replacingOccurrences(of: "    resourceControlPolicies:\n      - [rcp/org-only.json]\n", with: ""), files))
        XCTAssertEqual(allowed(open, "outsider", .pull), true)
    }

    /// Every matrix cell is what `explain` decides, also when an RCP denies the identity-only
    /// `ecr:GetAuthorizationToken` step (the matrix answers that step without the repository).
    func testMatrixAgreesWithExplainUnderRCPs() throws {
        let tokenDeny = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:GetAuthorizationToken", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#
        let files = ["rcp/org-only.json": tokenDeny, "public-pull.json": Self.publicPull, "ecr.json": Self.ecrEverything]
        let result = RegistryAuditor().audit(try load(Self.rcpManifest, files))
        for p in result.matrix.principals.indices {
            for capability in result.matrix.capabilities {
                XCTAssertEqual(result.matrix.isAllowed(principal: p, repository: 0, capability: capability),
                               result.model.explain(principal: p, repository: 0, capability: capability).isAllowed,
                               "\(result.matrix.principals[p]) \(capability)")
            }
        }
        XCTAssertEqual(allowed(result, "outsider", .pull), false)
        XCTAssertEqual(allowed(result, "insider", .pull), true)
    }

    /// Cross-account replication is a request to the destination registry: its RCPs decide too.
    func testReplicationIsJudgedByTheDestinationRCPs() throws {
        let registryPolicy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"], "Resource": "arn:aws:ecr:us-east-1:210987654321:repository/*"}]}"#
        let denyReplication = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:ReplicateImage", "Resource": "*"}]}"#
        let manifest = """
            version: 1
            registries:
              - account: "123456789012"
                region: us-east-1
                replication: {rules: [{destinations: [{region: us-east-1, registryId: "210987654321"}]}]}
                repositories: [{name: api, scanOnPush: true}]
              - account: "210987654321"
                region: us-east-1
                registryPolicy: {file: dr.json}
                resourceControlPolicies: [[rcp.json]]
            """
        let files = ["dr.json": registryPolicy, "rcp.json": denyReplication]
        let blocked = RegistryAuditor().audit(try load(manifest, files))
        XCTAssertEqual(blocked.replication.map(\.status), [.failsSilently])
        let open = RegistryAuditor().audit(try load(manifest.replacingOccurrences(of: "    resourceControlPolicies: [[rcp.json]]", with: ""), files))
        XCTAssertEqual(open.replication.map(\.status), [.arrives])
    }

    /// RCPs do not apply to the management account's resources.
    func testResourceControlPoliciesSkipTheManagementAccount() throws {
        let files = ["rcp/org-only.json": Self.rcpOrgOnly, "public-pull.json": Self.publicPull, "ecr.json": Self.ecrEverything]
        let manifest = Self.rcpManifest.replacingOccurrences(of: "organization: {id: o-a1b2c3d4e5}\n    resourceControlPolicies",
                                                             with: "organization: {id: o-a1b2c3d4e5, managementAccount: \"123456789012\"}\n    resourceControlPolicies")
        let input = try load(manifest, files)
        XCTAssertEqual(input.manifest.registries[0].organization?.managementAccount, "123456789012")
        let result = RegistryAuditor().audit(input)
        XCTAssertEqual(allowed(result, "outsider", .pull), true)
    }

    /// SCPs do not apply to the management account's principals.
    func testServiceControlPoliciesSkipTheManagementAccount() throws {
        let manifest = """
            version: 1
            registries:
              - account: "123456789012"
                region: us-east-1
                organization: {id: o-a1b2c3d4e5, managementAccount: "123456789012"}
                repositories: [{name: api}]
            principals:
              - {name: management, arn: "arn:aws:iam::123456789012:role/admin", identityPolicies: [ecr.json], serviceControlPolicies: [[scp.json]]}
              - {name: member, arn: "arn:aws:iam::123456789012:role/admin2", identityPolicies: [ecr.json], serviceControlPolicies: [[scp.json]],
                 organization: {id: o-a1b2c3d4e5, managementAccount: "999999999999"}}
            """
        let result = RegistryAuditor().audit(try load(manifest, ["ecr.json": Self.ecrEverything, "scp.json": Self.scpDenyECR]))
        XCTAssertEqual(result.inputErrors, [])
        XCTAssertEqual(allowed(result, "management", .push), true)
        XCTAssertEqual(allowed(result, "member", .push), false)
        XCTAssertTrue(errors(manifest.replacingOccurrences(of: "managementAccount: \"123456789012\"", with: "managementAccount: \"12345\""))
            .contains { $0.contains("'12345' is not an AWS account id") })
    }

    // MARK: pull-through cache, groups

    func testPullThroughCacheECRUpstreamFields() throws {
        let text = """
            version: 1
            registries:
              - account: "123456789012"
                region: us-east-1
                pullThroughCache:
                  - ecrRepositoryPrefix: upstream
                    upstreamRegistryUrl: 210987654321.dkr.ecr.us-west-2.amazonaws.com
                    customRoleArn: arn:aws:iam::123456789012:role/ecr-ptc
                    upstreamRepositoryPrefix: team-a
            """
        let rule = try XCTUnwrap(ManifestDecoder.decode(text, file: "m.yaml").registries.first?.pullThroughCache.first)
        XCTAssertEqual(rule.customRoleArn, "arn:aws:iam::123456789012:role/ecr-ptc")
        XCTAssertEqual(rule.upstreamRepositoryPrefix, "team-a")
        XCTAssertEqual(errors(text.replacingOccurrences(of: "arn:aws:iam::123456789012:role/ecr-ptc", with: "arn:aws:iam::123456789012:user/x")),
                       ["8:24 'customRoleArn' must be the ARN of an IAM role (arn:aws:iam::123456789012:role/NAME), found 'arn:aws:iam::123456789012:user/x'"])
    }

    func testPrincipalGroups() throws {
        let manifest = try ManifestDecoder.decode("""
            version: 1
            registries: [{account: "123456789012", region: us-east-1}]
            principals:
              - {name: alice, arn: "arn:aws:iam::123456789012:user/alice", groups: [developers, ops]}
            """, file: "m.yaml")
        XCTAssertEqual(manifest.principals.first?.groups, ["developers", "ops"])
    }

    // MARK: SCPs not collected

    /// `serviceControlPolicies: not-collected` is a high finding at the principal, and the principal
    /// is simulated as if no SCP restricted it; `[]` and an absent key are not findings.
    func testServiceControlPoliciesNotCollected() throws {
        let manifest = """
            version: 1
            registries: [{account: "123456789012", region: us-east-1, repositories: [{name: api, scanOnPush: true}]}]
            principals:
              - name: unknown-scps
                arn: "arn:aws:iam::123456789012:role/ci"
                identityPolicies: [ecr.json]
                serviceControlPolicies: not-collected
              - {name: no-organization, arn: "arn:aws:iam::123456789012:role/b", identityPolicies: [ecr.json]}
              - {name: no-levels, arn: "arn:aws:iam::123456789012:role/c", identityPolicies: [ecr.json], serviceControlPolicies: []}
            """
        let input = try load(manifest, ["ecr.json": Self.ecrEverything])
        XCTAssertEqual(input.manifest.principals.map(\.serviceControlPoliciesNotCollected), [true, false, false])
        let result = RegistryAuditor().audit(input)
        XCTAssertEqual(result.findings.map { "\($0.file):\($0.span.start.line):\($0.span.start.column) \($0.code) \($0.severity)" },
                       ["p/ecrguard.yaml:4:5 SCPS_NOT_COLLECTED high"])
        XCTAssertTrue(result.findings.first?.message.contains("'unknown-scps' (arn:aws:iam::123456789012:role/ci) were not collected") == true)
        XCTAssertEqual(allowed(result, "unknown-scps", .push), true)
        XCTAssertEqual(errors(manifest.replacingOccurrences(of: "not-collected", with: "not-colected")).first,
                       "7:29 'serviceControlPolicies' (one list of files per level, root first, or not-collected) must be a list, found 'not-colected'")
    }
}
