import PolicyCore
import RegistryAudit
import RegistryImport
import XCTest

final class ManifestWriterTests: XCTestCase {
    /// The bundled policies/ decoded → ImportedState → written → decoded again audits the same: the
    /// access matrix, replication verdicts, expectations and findings.
    func testBundledPoliciesRoundTripAuditsTheSame() throws {
        let original = try Bundled.load("policies")
        let state = ImportedState(original, provenance: ImportProvenance(source: "policies"))
        let written = try state.registryInput(directory: "imported")
        XCTAssertEqual(written.manifest.principals.count, original.manifest.principals.count)
        XCTAssertEqual(written.policies.count, original.policies.count)
        let before = AuditSummary(RegistryAuditor().audit(original))
        let after = AuditSummary(RegistryAuditor().audit(written))
        XCTAssertFalse(before.cells.filter { $0.hasSuffix("ALLOW") }.isEmpty)
        XCTAssertEqual(before.replication.count, 2)
        XCTAssertEqual(after, before)
    }

    /// Writing what was written gives the same bytes: a second import of an unchanged source is a no-op.
    func testSecondWriteIsByteIdentical() throws {
        let state = ImportedState(try Bundled.load("policies"), provenance: ImportProvenance(source: "policies"))
        let first = ManifestWriter.files(for: state)
        let reread = ImportedState(try state.registryInput(directory: "out"), provenance: ImportProvenance(source: "out"))
        let second = ManifestWriter.files(for: reread)
        XCTAssertEqual(Set(second.keys), Set(first.keys))
        for (path, text) in first { XCTAssertEqual(second[path], text, path) }
        XCTAssertEqual(ManifestWriter.files(for: state), first)
    }

    /// Policies are pretty-printed one way whatever their layout; text that is not JSON is kept as
    /// is so the audit reports it at its own position.
    func testPolicyTextIsNormalised() {
        let compact = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}]}"#
        let spaced = "{\n\n   \"Version\" : \"2012-10-17\",\"Statement\":[ {\"Effect\":\"Allow\",\n\"Action\":[\"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\"],\"Resource\":\"*\"}]}"
        XCTAssertEqual(ManifestWriter.policyText(compact), ManifestWriter.policyText(spaced))
        XCTAssertEqual(ManifestWriter.policyText(compact), """
            {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                  "Resource": "*"
                }
              ]
            }

            """)
        XCTAssertEqual(ManifestWriter.policyText("{\"Version\": "), "{\"Version\": ")
    }

    /// Names YAML would read as something else are quoted; the decoder reads back exactly the text.
    func testScalarsReadBackAsWritten() throws {
        let odd = ["012345678901", "true", "no", "null", "1e3", "a: b", "#x", "- x", "[a]", "{a}", "a,b", "\"q\"", "back\\slash",
                   "tab\there", "new\nline", "ünïcode", "*", "&a", "!tag", "%p", "@at", "`tick`", "|", ">", "x ", " x"]
        let location = ManifestLocation(file: "m", line: 1, column: 1)
        let principals = odd.enumerated().map { index, text in
            PrincipalManifest(name: text, identity: "arn:aws:iam::123456789012:role/r\(index)",
                              context: ["aws:PrincipalTag/\(index)": [text]], location: location)
        }
        let manifest = Manifest(file: "m", registries: [RegistryManifest(name: "x y: z", account: "012345678901", region: "us-east-1", location: location)],
                                principals: principals, expectations: [])
        let state = ImportedState(manifest: manifest, provenance: ImportProvenance(source: "test"))
        let input = try state.registryInput(directory: "d")
        XCTAssertEqual(input.manifest.registries.map(\.name), ["x y: z"])
        XCTAssertEqual(input.manifest.registries.map(\.account), ["012345678901"])
        XCTAssertEqual(Set(input.manifest.principals.map(\.name)), Set(odd))
        for principal in input.manifest.principals {
            XCTAssertEqual(principal.context.values.flatMap { $0 }, [principal.name])
        }
    }

    /// A manifest naming a policy the reader did not provide fails at the manifest line naming it.
    func testMissingPolicyIsAnError() {
        let location = ManifestLocation(file: "m", line: 1, column: 1)
        let manifest = Manifest(file: "m", registries: [RegistryManifest(name: "r", account: "123456789012", region: "us-east-1", location: location)],
                                principals: [PrincipalManifest(name: "p", identity: "arn:aws:iam::123456789012:role/p",
                                                               identityPolicies: [PolicyReference(path: "identity/p.json", location: location)], location: location)],
                                expectations: [])
        let state = ImportedState(manifest: manifest, provenance: ImportProvenance(source: "test"))
        XCTAssertThrowsError(try state.registryInput(directory: "out")) { error in
            let errors = (error as? ManifestErrors)?.errors ?? []
            XCTAssertEqual(errors.count, 1)
            XCTAssertEqual(errors.first?.location.file, "out/ecrguard.yaml")
            XCTAssertTrue(errors.first?.message.contains("out/identity/p.json") == true, "\(errors)")
        }
    }
}

final class ManifestWriterExtensionTests: XCTestCase {
    /// Every manifest extension survives writing and reading back.
    func testExtensionsAreWrittenAndReadBack() throws {
        let at = ManifestLocation(file: "src", line: 1, column: 1)
        func ref(_ path: String) -> PolicyReference { PolicyReference(path: path, location: at) }
        let organization = OrganizationMembership(id: "o-a1b2c3d4e5", ouPath: "o-a1b2c3d4e5/r-ab12/", managementAccount: "999999999999")
        let registry = RegistryManifest(
            name: "123456789012/us-east-1", account: "123456789012", region: "us-east-1", organization: organization,
            pullThroughCache: [PullThroughCacheRule(ecrRepositoryPrefix: "up", upstreamRegistryUrl: "210987654321.dkr.ecr.us-west-2.amazonaws.com",
                                                    customRoleArn: "arn:aws:iam::123456789012:role/ptc", upstreamRepositoryPrefix: "team", location: at)],
            repositories: [RepositoryManifest(name: "api", tagMutability: .immutableWithExclusion,
                                              tagMutabilityExclusionFilters: [TagMutabilityExclusionFilter(filter: "dev-*", location: at)], location: at)],
            resourceControlPolicies: [[ref("rcp/p-root.json")], [ref("rcp/p-root.json"), ref("rcp/p-ou.json")]], location: at)
        let principals = [
            PrincipalManifest(name: "123456789012/user/alice", identity: "arn:aws:iam::123456789012:user/alice",
                              identityPolicies: [ref("identity/123456789012/group/devs.inline.ecr.json")],
                              serviceControlPoliciesNotCollected: true, groups: ["devs"], location: at),
        ]
        let policy = ImportedPolicy(text: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Resource": "*"}]}"#, origin: "t")
        let state = ImportedState(manifest: Manifest(file: "src", registries: [registry], principals: principals, expectations: []),
                                  policies: ["rcp/p-root.json": policy, "rcp/p-ou.json": policy,
                                             "identity/123456789012/group/devs.inline.ecr.json": ImportedPolicy(text: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#, origin: "t")],
                                  provenance: ImportProvenance(source: "test"))
        let input = try state.registryInput(directory: "out")
        let read = input.manifest
        XCTAssertEqual(read.registries[0].organization, organization)
        XCTAssertEqual(read.registries[0].resourceControlPolicies.map { $0.map(\.path) }, [["rcp/p-root.json"], ["rcp/p-root.json", "rcp/p-ou.json"]])
        XCTAssertEqual(read.registries[0].pullThroughCache.first?.customRoleArn, "arn:aws:iam::123456789012:role/ptc")
        XCTAssertEqual(read.registries[0].pullThroughCache.first?.upstreamRepositoryPrefix, "team")
        XCTAssertEqual(read.registries[0].repositories[0].tagMutability, .immutableWithExclusion)
        XCTAssertEqual(read.registries[0].repositories[0].tagMutabilityExclusionFilters.map(\.filter), ["dev-*"])
        XCTAssertEqual(read.principals[0].groups, ["devs"])
        XCTAssertTrue(read.principals[0].serviceControlPoliciesNotCollected)
        XCTAssertEqual(input.policies.values.filter { $0.kind == .rcp }.count, 2)
        let result = RegistryAuditor().audit(input)
        XCTAssertEqual(result.findings.filter { $0.code == "SCPS_NOT_COLLECTED" }.count, 1)
    }
}
