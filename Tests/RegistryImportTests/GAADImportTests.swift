import PolicyCore
import RegistryAudit
@testable import RegistryImport
import XCTest

final class GAADImportTests: XCTestCase {
    static let fixtures = "Tests/RegistryImportTests/Fixtures/gaad"

    static func read(_ name: String) throws -> GAADFileReader.Result {
        let text = try String(contentsOf: Bundled.root.appendingPathComponent("\(fixtures)/\(name)"), encoding: .utf8)
        return try GAADFileReader.read(text, file: name)
    }

    static func importState(_ name: String, organization: OrganizationMembership? = nil) throws -> ImportedState {
        let read = try read(name)
        return GAADImport(account: "123456789012", organization: organization).state(read.snapshot, region: "us-east-1", source: name, gaps: read.gaps)
    }

    /// moto's file: who is kept, who is left out and why, groups flattened, a shared managed policy
    /// written once from its default version, the boundary, names derived from ARNs.
    func testMotoFileMapsThePrincipalsThatCanUseECR() throws {
        let state = try Self.importState("moto-gaad.json")
        XCTAssertEqual(state.gaps, [])
        XCTAssertEqual(state.manifest.principals.map(\.name), [
            "123456789012/role/admin-except-iam", "123456789012/role/auditor", "123456789012/role/bounded", "123456789012/role/ci",
            "123456789012/role/deploy-a", "123456789012/role/deploy-b", "123456789012/role/developer", "123456789012/user/alice",
        ])
        XCTAssertEqual(state.provenance.principalsLeftOut.map(\.arn), [
            "arn:aws:iam::123456789012:role/aws-service-role/replication.ecr.amazonaws.com/AWSServiceRoleForecr_Replication",
            "arn:aws:iam::123456789012:role/logs-writer", "arn:aws:iam::123456789012:user/bob",
        ])
        XCTAssertEqual(state.provenance.leftOutCounts, [LeftOutPrincipal.serviceLinkedRole: 1, LeftOutPrincipal.cannotGrantECR: 2])
        let alice = try XCTUnwrap(state.manifest.principal(named: "123456789012/user/alice"))
        XCTAssertEqual(alice.groups, ["developers"])
        XCTAssertEqual(alice.identityPolicies.map(\.path), [
            "identity/123456789012/user/people/alice.inline.own-repo.json",
            "identity/123456789012/group/teams/developers.inline.pull.json",
            "identity/managed/123456789012/teams/developer-power-user.json",
        ])
        let deployA = try XCTUnwrap(state.manifest.principal(named: "123456789012/role/deploy-a"))
        let deployB = try XCTUnwrap(state.manifest.principal(named: "123456789012/role/deploy-b"))
        XCTAssertEqual(deployA.identityPolicies.map(\.path), ["identity/managed/123456789012/ecr-pull.json"])
        XCTAssertEqual(deployB.identityPolicies.map(\.path), deployA.identityPolicies.map(\.path), "one shared file")
        let pull = try XCTUnwrap(state.policies["identity/managed/123456789012/ecr-pull.json"])
        XCTAssertTrue(pull.text.contains("ecr:BatchGetImage"), "the default version (v2), not v1: \(pull.text)")
        XCTAssertEqual(pull.origin, "arn:aws:iam::123456789012:policy/ecr-pull v2")
        XCTAssertEqual(state.manifest.principal(named: "123456789012/role/bounded")?.permissionBoundary?.path,
                       "identity/managed/123456789012/pull-only-boundary.json")
        XCTAssertEqual(state.policies.count, 9)
        XCTAssertFalse(state.manifest.principals.contains { $0.serviceControlPoliciesNotCollected })
    }

    /// The state audits without input errors, and writing it twice gives the same bytes.
    func testImportWritesAuditsAndIsDeterministic() throws {
        let state = try Self.importState("moto-gaad.json")
        let result = RegistryAuditor().audit(try state.registryInput(directory: "imported"))
        XCTAssertEqual(result.inputErrors, [])
        XCTAssertEqual(result.matrix.principals.count, 8)
        let again = try Self.importState("moto-gaad.json")
        XCTAssertEqual(ManifestWriter.files(for: again), ManifestWriter.files(for: state))
        XCTAssertEqual(ImportReport(again).text, ImportReport(state).text)
        let reread = ImportedState(try state.registryInput(directory: "imported"), provenance: state.provenance)
        XCTAssertEqual(ManifestWriter.files(for: reread), ManifestWriter.files(for: state))
    }

    /// The hand-written manifest describing the same principals audits the same as the GAAD import
    /// laid over it: every cell of the access matrix and every expectation.
    func testImportOverTheHandWrittenManifestAuditsTheSame() throws {
        let handWritten = try Bundled.load("\(Self.fixtures)/hand-written")
        var state = try Self.importState("moto-gaad.json")
        state.manifest.registries = []
        let layered = state.layered(over: handWritten)
        XCTAssertEqual(layered.manifest.principals.map(\.name).sorted(), handWritten.manifest.principals.map(\.name).sorted(),
                       "every imported principal is one of the hand-written ones (by ARN)")
        XCTAssertTrue(layered.manifest.principals.allSatisfy { $0.identityPolicies.allSatisfy { $0.path.hasPrefix("identity/123456789012/") || $0.path.hasPrefix("identity/managed/") } },
                      "every principal now has the imported policies")
        let expected = AuditSummary(RegistryAuditor().audit(handWritten))
        let actual = AuditSummary(RegistryAuditor().audit(try layered.registryInput(directory: "layered")))
        XCTAssertEqual(actual.cells, expected.cells)
        XCTAssertEqual(actual.expectations, expected.expectations)
        XCTAssertTrue(expected.expectations.allSatisfy { $0.contains(": passed") }, "\(expected.expectations)")
        XCTAssertEqual(expected.cells.filter { $0.hasSuffix("ALLOW") }.count, actual.cells.filter { $0.hasSuffix("ALLOW") }.count)
    }

    /// AWS's shape: URL-encoded documents, policy names given, a user boundary, an AWS managed policy
    /// present, one missing and a missing group — each missing part a gap at its line and column.
    func testAWSShapedFileDecodesDocumentsAndReportsWhatIsMissing() throws {
        let state = try Self.importState("aws-shape-gaad.json", organization: OrganizationMembership(id: "o-a1b2c3d4e5"))
        XCTAssertEqual(state.gaps.map { "\($0.code) \($0.location) \($0.subject)" }, [
            "IMPORT_POLICY_MISSING aws-shape-gaad.json:24:9 arn:aws:iam::123456789012:user/bob group ghosts",
            "IMPORT_POLICY_MISSING aws-shape-gaad.json:102:17 arn:aws:iam::aws:policy/AWSDeprecatedECRPolicy",
        ])
        XCTAssertTrue(state.gaps[1].message.contains("arn:aws:iam::123456789012:role/developer uses managed policy arn:aws:iam::aws:policy/AWSDeprecatedECRPolicy"), state.gaps[1].message)
        let alice = try XCTUnwrap(state.manifest.principal(named: "123456789012/user/alice"))
        XCTAssertEqual(alice.permissionBoundary?.path, "identity/managed/123456789012/pull-only-boundary.json")
        XCTAssertTrue(alice.serviceControlPoliciesNotCollected)
        XCTAssertEqual(state.manifest.registries.first?.organization?.id, "o-a1b2c3d4e5")
        let own = try XCTUnwrap(state.policies["identity/123456789012/user/people/alice.inline.own-repo.json"])
        XCTAssertTrue(own.text.hasPrefix("{\"Version\": \"2012-10-17\""), "URL-decoded: \(own.text)")
        XCTAssertNotNil(state.policies["identity/managed/aws/AmazonEC2ContainerRegistryReadOnly.json"])
        XCTAssertNotNil(state.manifest.principal(named: "123456789012/user/bob"), "bob's group is unknown: kept, not assumed harmless")
        // The same principals as in moto's file decide alike where nothing is missing.
        let result = RegistryAuditor().audit(try state.registryInput(directory: "aws"))
        XCTAssertEqual(result.inputErrors, [])
        XCTAssertEqual(result.findings.filter { $0.code == "SCPS_NOT_COLLECTED" }.count, state.manifest.principals.count)
    }

    func testUnreadableFilesAreErrorsWithPositions() {
        func message(_ text: String) -> String {
            do { _ = try GAADFileReader.read(text, file: "g.json"); return "" } catch { return error.description }
        }
        XCTAssertEqual(message("[1]"), "g.json:1:1: error: not a GAAD file: expected the JSON object `aws iam get-account-authorization-details` prints")
        XCTAssertEqual(message(#"{"Users": []}"#), "g.json:1:1: error: not a GAAD file: none of UserDetailList, GroupDetailList, RoleDetailList, Policies is present")
        XCTAssertEqual(message(#"{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::123456789012:role/r", "RolePolicyList": [{"PolicyName": "p", "PolicyDocument": "%7Bbad%ZZ"}]}]}"#),
                       "g.json:1:139: error: the document of an inline policy of r is neither JSON nor valid URL-encoded text")
        XCTAssertEqual(message(#"{"RoleDetailList": [{"Arn": "arn:aws:iam::123456789012:role/r"}]}"#), "g.json:1:21: error: a role has no 'RoleName'")
        let partial = try? GAADFileReader.read(#"{"RoleDetailList": [], "Policies": []}"#, file: "g.json")
        XCTAssertEqual(partial?.gaps.map(\.subject), ["UserDetailList", "GroupDetailList"], "a filtered export is a gap, not an empty account")
    }

    /// GAAD files of large accounts exceed the policy parser's 4 MiB limit; they are read whole.
    func testLargeFilesAreRead() throws {
        let role = #"{"RoleName": "r%d", "Path": "/", "Arn": "arn:aws:iam::123456789012:role/r%d", "RolePolicyList": [{"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}}], "AttachedManagedPolicies": []}"#
        let roles = (0..<20_000).map { role.replacingOccurrences(of: "%d", with: String($0)) }
        let text = #"{"UserDetailList": [], "GroupDetailList": [], "Policies": [], "RoleDetailList": ["# + roles.joined(separator: ",\n") + "]}"
        XCTAssertGreaterThan(text.utf8.count, 5 << 20)
        let read = try GAADFileReader.read(text, file: "big.json")
        XCTAssertEqual(read.snapshot.roles.count, 20_000)
        XCTAssertEqual(GAADImport(account: "123456789012").map(read.snapshot).leftOut.count, 20_000)
    }

    /// Which identity policies can allow an ecr: action, decided with the action catalog.
    func testECRGrantScan() {
        func policy(_ statement: String) -> String { #"{"Version": "2012-10-17", "Statement": [\#(statement)]}"# }
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": "ecr:Describe*", "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": "*:BatchGet*", "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": "ECR:PUTIMAGE", "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": "ecr:SomeFutureAction", "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "NotAction": "ecr:PutImage", "Resource": "*"}"#)))
        XCTAssertTrue(ECRGrantScan.canAllowECR("{not json"))
        XCTAssertFalse(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": ["s3:*", "logs:Put*"], "Resource": "*"}"#)))
        XCTAssertFalse(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Deny", "Action": "ecr:*", "Resource": "*"}"#)))
        XCTAssertFalse(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "NotAction": ["ecr:*", "iam:*"], "Resource": "*"}"#)))
        XCTAssertFalse(ECRGrantScan.canAllowECR(policy(#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}"#)))
    }

    /// A principal that can do nothing with ECR by itself is kept when a resource policy names it.
    func testPrincipalsNamedByResourcePoliciesAreKept() throws {
        let snapshot = try Self.read("moto-gaad.json").snapshot
        let policy = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::123456789012:user/bob", "arn:aws:sts::123456789012:assumed-role/logs-writer/s1", "arn:aws:iam::123456789012:role/nobody"]}, "Action": "ecr:BatchGetImage"}]}"#
        let named = GAADImport.namedPrincipals(in: snapshot, resourcePolicies: [policy, "{not json"])
        XCTAssertEqual(named, ["arn:aws:iam::123456789012:user/bob", "arn:aws:iam::123456789012:role/logs-writer"])
        let result = GAADImport(account: "123456789012", namedByResourcePolicies: named).map(snapshot)
        XCTAssertTrue(result.principals.contains { $0.name == "123456789012/user/bob" })
        XCTAssertTrue(result.principals.contains { $0.name == "123456789012/role/logs-writer" })
        XCTAssertEqual(result.leftOut.map(\.arn), ["arn:aws:iam::123456789012:role/aws-service-role/replication.ecr.amazonaws.com/AWSServiceRoleForecr_Replication"])
    }

    /// Paths and names from the file never leave the output directory.
    func testFileNamesStayInsideTheDirectory() {
        XCTAssertEqual(GAADImport.relativeName(path: "/../../etc/", name: "ci"), "__/__/etc/ci")
        XCTAssertEqual(GAADImport.relativeName(path: "/", name: "ci"), "ci")
        XCTAssertEqual(GAADImport.relativeName(path: "/a b/./", name: "x"), "a_b/_/x")
        XCTAssertEqual(GAADImport.managedPolicyPath("arn:aws:iam::aws:policy/service-role/AWSConfigRole"), "identity/managed/aws/service-role/AWSConfigRole.json")
        XCTAssertEqual(GAADImport.managedPolicyPath("arn:aws:iam::123456789012:policy/../x"), "identity/managed/123456789012/__/x.json")
    }
}
