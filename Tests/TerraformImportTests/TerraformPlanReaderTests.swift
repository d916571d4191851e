import PolicyCore
import RegistryAudit
@testable import TerraformImport
import XCTest

/// The reader on a plan shaped like terraform-aws-modules/terraform-aws-ecr output: nested modules,
/// `count` and `for_each` addresses, a provider alias, jsonencode'd, heredoc and
/// aws_iam_policy_document policies, values known only after apply.
final class TerraformPlanReaderTests: XCTestCase {
    let file = "plans/ecr-modules.plan.json"

    func read(_ options: TerraformReadOptions = TerraformReadOptions()) throws -> (TerraformReader, String) {
        let text = try fixture("ecr-modules.plan.json")
        return (try TerraformPlanReader.readParts(text: text, file: file, options: options), text)
    }

    func testRepositoriesOfModulesLandInTheirAccountAndRegion() throws {
        let (reader, _) = try read()
        let east = try XCTUnwrap(reader.registry("123456789012", "us-east-1"))
        XCTAssertEqual(east.repositories.map(\.name).sorted(), ["build-cache", "employee-api"])
        let api = try XCTUnwrap(east.repository(named: "employee-api"))
        XCTAssertEqual(api.tagMutability, .immutable)
        XCTAssertTrue(api.scanOnPush)
        // The key is created in the same plan: KMS encryption with the key not yet known.
        XCTAssertEqual(api.encryption, .kms(key: nil))
        XCTAssertEqual(api.policy?.path, "repositories/123456789012/us-east-1/employee-api.json")
        // The aliased provider's Region comes from a root variable.
        let west = try XCTUnwrap(reader.registry("123456789012", "us-west-2"))
        XCTAssertEqual(west.repositories.map(\.name), ["employee-api"])
        XCTAssertEqual(west.repositories.first?.tagMutability, .immutableWithExclusion)
        XCTAssertEqual(west.repositories.first?.tagMutabilityExclusionFilters.map(\.filter), ["latest*"])
        XCTAssertEqual(reader.registries.count, 2)
    }

    func testRegistryPolicyScopeReplicationAndPullThroughCache() throws {
        let (reader, _) = try read()
        let east = try XCTUnwrap(reader.registry("123456789012", "us-east-1"))
        XCTAssertEqual(east.registryPolicy?.path, "registries/123456789012-us-east-1.json")
        XCTAssertEqual(east.policyScope, .v2)
        XCTAssertEqual(east.replication.count, 1)
        XCTAssertEqual(east.replication[0].destinations.map(\.label), ["123456789012/us-west-2", "210987654321/us-east-1"])
        XCTAssertEqual(east.replication[0].filters.map(\.prefix), ["employee-"])
        XCTAssertEqual(east.pullThroughCache.map(\.ecrRepositoryPrefix), ["ecr-public"])
        XCTAssertEqual(east.pullThroughCache.map(\.upstreamRegistryUrl), ["public.ecr.aws"])
        XCTAssertEqual(east.pullThroughCache.map(\.upstreamRepositoryPrefix), ["ROOT"])
    }

    func testPoliciesKeepTheirTextOriginAndResourcePosition() throws {
        let (reader, text) = try read()
        let policy = try XCTUnwrap(reader.policies["repositories/123456789012/us-east-1/employee-api.json"])
        XCTAssertEqual(policy.origin, "module.ecr.aws_ecr_repository_policy.this[0].policy")
        XCTAssertTrue(policy.text.hasPrefix("{\n  \"Version\": \"2012-10-17\""), "aws_iam_policy_document's JSON is kept as written")
        let reference = try XCTUnwrap(reader.registry("123456789012", "us-east-1")?.repository(named: "employee-api")?.policy)
        XCTAssertEqual(reference.location.file, file)
        XCTAssertEqual(reference.location.line, line(of: "\"address\": \"module.ecr.aws_ecr_repository_policy.this[0]\"", in: text)! - 1)
        XCTAssertEqual(reference.location.column, 13)
        // A heredoc policy keeps its lines (a policy finding points inside it).
        XCTAssertEqual(reader.policies["identity/123456789012/role/automation/ci.inline.logs.json"]?.text.split(separator: "\n").count, 11)
    }

    func testRolesUsersAndGroupsWithInlineAttachedAndManagedPolicies() throws {
        let (reader, _) = try read()
        XCTAssertEqual(reader.principals.keys.sorted(), ["123456789012/role/ci", "123456789012/role/developer", "123456789012/user/release-bot"])
        let ci = try XCTUnwrap(reader.principals["123456789012/role/ci"])
        XCTAssertEqual(ci.identity, "arn:aws:iam::123456789012:role/automation/ci")
        // policy_arn is unknown (the policy is created by the plan): resolved through the configuration's references.
        XCTAssertEqual(ci.identityPolicies.map(\.path).sorted(),
                       ["identity/123456789012/role/automation/ci.inline.logs.json", "identity/managed/123456789012/ci-push.json"])
        XCTAssertEqual(reader.policies["identity/managed/123456789012/ci-push.json"]?.origin, "aws_iam_policy.ci_push.policy")
        // The boundary is a policy created by the plan (its ARN unknown): resolved the same way.
        XCTAssertEqual(ci.permissionBoundary?.path, "identity/managed/123456789012/boundaries/ci-boundary.json")
        // An AWS managed policy read with a data source.
        XCTAssertEqual(reader.principals["123456789012/role/developer"]?.identityPolicies.map(\.path),
                       ["identity/managed/aws/AmazonEC2ContainerRegistryReadOnly.json"])
        // A user gets its groups' policies.
        XCTAssertEqual(reader.principals["123456789012/user/release-bot"]?.identityPolicies.map(\.path),
                       ["identity/123456789012/group/image-readers.inline.pull.json"])
        XCTAssertEqual(reader.principals["123456789012/user/release-bot"]?.groups, ["image-readers"])
    }

    func testValueKnownOnlyAfterApplyIsAGapNamingWhatItDependsOn() throws {
        let (reader, text) = try read()
        let subject = #"module.cache["build"].aws_ecr_repository_policy.this.policy"#
        let gap = try XCTUnwrap(reader.gap(subject: subject), "gaps: \(reader.gaps)")
        XCTAssertEqual(gap.code, "IAC_VALUE_UNKNOWN")
        // The module input var.kms_key_arn is followed to what the root passes in.
        XCTAssertEqual(gap.message, subject + " is known only after apply (depends on aws_kms_key.ecr.arn)")
        XCTAssertEqual(gap.location.line, line(of: #""address": "module.cache[\"build\"].aws_ecr_repository_policy.this""#, in: text)! - 1)
        // Its repository is still read, without a policy.
        XCTAssertNil(reader.registry("123456789012", "us-east-1")?.repository(named: "build-cache")?.policy)
        // Computed attributes the configuration never sets (managed_policy_arns of a new role) are no gap.
        XCTAssertEqual(reader.gaps.map(\.subject), [subject])
    }

    func testAccountComesFromOptionBeforeCallerIdentity() throws {
        let (reader, _) = try read(TerraformReadOptions(account: "111122223333"))
        XCTAssertNotNil(reader.registry("111122223333", "us-east-1"))
        XCTAssertEqual(reader.principals["111122223333/role/ci"]?.identity, "arn:aws:iam::111122223333:role/automation/ci")
    }

    func testOrganizationOptionAppliesToRegistriesAndPrincipals() throws {
        let (reader, _) = try read(TerraformReadOptions(organization: "o-a1b2c3d4e5"))
        XCTAssertEqual(reader.registry("123456789012", "us-east-1")?.organization?.id, "o-a1b2c3d4e5")
        XCTAssertEqual(reader.principals["123456789012/role/ci"]?.organization?.id, "o-a1b2c3d4e5")
    }

    func testManifestIsSortedAndNamesThePlan() throws {
        let (reader, _) = try read()
        let manifest = reader.manifest(file: file)
        XCTAssertEqual(manifest.registries.map(\.region), ["us-east-1", "us-west-2"])
        XCTAssertEqual(manifest.principals.map(\.name), ["123456789012/role/ci", "123456789012/role/developer", "123456789012/user/release-bot"])
        XCTAssertTrue(manifest.registries.allSatisfy { $0.location.file == file })
    }
}

extension TerraformPlanReaderTests {
    /// `terraform show -json` prints one line: the same plan compacted reads the same, with positions on line 1.
    func testCompactPlanAsTerraformPrintsIt() throws {
        let (pretty, _) = try read()
        let compact = OrderedJSON(try JSONParser.parse(try fixture("ecr-modules.plan.json"), limits: TerraformDocument.limits)).rendered(.compact)
        let reader = try TerraformPlanReader.readParts(text: compact, file: file, options: TerraformReadOptions())
        XCTAssertEqual(reader.manifest(file: file).registries.map { $0.repositories.map(\.name) }, pretty.manifest(file: file).registries.map { $0.repositories.map(\.name) })
        XCTAssertEqual(reader.policies.keys.sorted(), pretty.policies.keys.sorted())
        XCTAssertEqual(reader.gaps.map(\.subject), pretty.gaps.map(\.subject))
        XCTAssertEqual(reader.gaps.map(\.location.line), [1])
        XCTAssertGreaterThan(reader.gaps[0].location.column, 1000)
    }
}
