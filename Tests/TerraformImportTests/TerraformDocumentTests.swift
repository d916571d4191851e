import PolicyCore
import RegistryAudit
@testable import TerraformImport
import XCTest

/// The document layer: format versions, states, the real offline plan, addresses, references,
/// Regions and accounts, and what the reader refuses or reports.
final class TerraformDocumentTests: XCTestCase {
    func parts(_ text: String, _ options: TerraformReadOptions = TerraformReadOptions()) throws -> TerraformReader {
        try TerraformPlanReader.readParts(text: text, file: "plan.json", options: options)
    }

    func testFormatVersionTwoIsRejectedNamingTheFile() {
        XCTAssertThrowsError(try parts(#"{"format_version": "2.0", "planned_values": {}}"#)) { error in
            XCTAssertEqual("\(error)", "plan.json:1:20: unsupported format_version '2.0': this ecrguard reads Terraform's JSON format version 1.x")
        }
    }

    func testTextThatIsNotShowJSONIsAnError() {
        XCTAssertThrowsError(try parts("[command]/usr/bin/terraform show -json tfplan\n{}")) { error in
            XCTAssertTrue("\(error)".hasPrefix("plan.json:1:2: not JSON"), "\(error)")
            XCTAssertTrue("\(error)".contains("setup-terraform"), "\(error)")
        }
        XCTAssertThrowsError(try parts(#"{"planned_values": {}}"#)) { error in
            XCTAssertEqual("\(error)", "plan.json:1:1: no 'format_version': not 'terraform show -json' output")
        }
        XCTAssertThrowsError(try parts(#"{"format_version": "1.2", "errored": true, "planned_values": {}}"#))
    }

    func testUnknownKeysAreIgnoredAndAnIncompletePlanIsAGap() throws {
        let reader = try parts(#"{"format_version": "1.9", "future_key": {"x": [1]}, "complete": false, "planned_values": {"root_module": {}}}"#)
        XCTAssertEqual(reader.gaps.map(\.code), ["IAC_UNSUPPORTED"])
        XCTAssertTrue(reader.gaps[0].message.contains("incomplete"))
    }

    /// A real `terraform show -json` plan produced offline with Terraform 1.11.4 (terraform_data only):
    /// jsonencode strings, a count module, one value unknown until apply.
    func testRealOfflinePlanStructure() throws {
        let document = try TerraformDocument.parse(text: try fixture("builtin-terraform-data.plan.json"), file: "plan.json")
        XCTAssertFalse(document.isState)
        XCTAssertEqual(document.formatVersion, "1.2")
        XCTAssertEqual(document.resources.map(\.addressText), [
            "terraform_data.identity_policy_unknown", "terraform_data.kms", "terraform_data.repo", "terraform_data.repo_policy",
            "module.child.terraform_data.registry_policy[0]", "module.child.terraform_data.registry_policy[1]",
        ])
        let unknown = try XCTUnwrap(document.resources.first { $0.addressText == "terraform_data.identity_policy_unknown" })
        guard case .unknown = unknown.value("input") else { return XCTFail("input should be unknown") }
        XCTAssertEqual(document.dependencies(of: unknown, attribute: "input"), ["terraform_data.kms.id"])
        let child = try XCTUnwrap(document.resources.last)
        XCTAssertEqual(child.address.configModule, "module.child")
        XCTAssertEqual(child.address.instanceKey, "1")
        // The child module's input follows to the root variable.
        XCTAssertEqual(document.dependencies(of: child, attribute: "input"), ["var.account_id"])
        guard case .known(let input) = child.value("input") else { return XCTFail("input should be known") }
        XCTAssertTrue(input.stringValue?.hasPrefix(#"{"Statement":[{"Action":["ecr:CreateRepository""#) ?? false)
    }

    func testStateFileReadsAccountAndRegionFromARNs() throws {
        let reader = try parts(try fixture("ecr.state.json"))
        let registry = try XCTUnwrap(reader.registries[Placement(account: "123456789012", region: "eu-west-1")])
        let payments = try XCTUnwrap(registry.repository(named: "payments"))
        XCTAssertEqual(payments.encryption, .kms(key: "arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"))
        XCTAssertEqual(payments.policy?.path, "repositories/123456789012/eu-west-1/payments.json")
        let ci = try XCTUnwrap(reader.principals["123456789012/role/ci"])
        // The role's inline_policy and managed_policy_arns echo the separate resources: one file each.
        XCTAssertEqual(ci.identityPolicies.map(\.path), ["identity/123456789012/role/ci.inline.logs.json", "identity/managed/123456789012/ci/payments-push.json"])
        XCTAssertEqual(reader.gaps, [])
    }

    func testAddresses() throws {
        let address = try XCTUnwrap(TerraformAddress(#"module.ecr["a.b"].module.inner[0].data.aws_iam_policy_document.repository["x]y"]"#))
        XCTAssertEqual(address.modulePath, #"module.ecr["a.b"].module.inner[0]"#)
        XCTAssertEqual(address.configModule, "module.ecr.module.inner")
        XCTAssertTrue(address.isData)
        XCTAssertEqual(address.configAddress, "data.aws_iam_policy_document.repository")
        XCTAssertEqual(address.instanceKey, #""x]y""#)
        XCTAssertEqual(TerraformAddress("aws_ecr_repository.this")?.resourceAddress, "aws_ecr_repository.this")
        XCTAssertNil(TerraformAddress("module.ecr"))
        XCTAssertNil(TerraformAddress("aws_ecr_repository"))
        XCTAssertNil(TerraformAddress("a.b[0"))
    }

    func testMostSpecificReferences() {
        XCTAssertEqual(TerraformDocument.mostSpecific(["aws_kms_key.ecr.arn", "aws_kms_key.ecr", "count.index", "data.x.y[0].json", "data.x.y[0]", "data.x.y"]),
                       ["aws_kms_key.ecr.arn", "data.x.y[0].json"])
    }

    static func repositoryPlan(provider: String, region: String? = nil, identity: Bool = true) -> String {
        let regionValue = region.map { #", "region": "\#($0)""# } ?? ""
        let identityState = identity ? #"""
        , "prior_state": {"format_version": "1.0", "values": {"root_module": {"resources": [
          {"address": "data.aws_caller_identity.current", "mode": "data", "type": "aws_caller_identity", "name": "current", "values": {"account_id": "444455556666"}}]}}}
        """# : ""
        return #"""
        {"format_version": "1.2",
         "planned_values": {"root_module": {"resources": [
           {"address": "aws_ecr_repository.api", "mode": "managed", "type": "aws_ecr_repository", "name": "api", "values": {"name": "api"\#(regionValue)}}]}},
         "resource_changes": [{"address": "aws_ecr_repository.api", "change": {"actions": ["create"], "after_unknown": {"arn": true, "registry_id": true}}}],
         "configuration": {"provider_config": \#(provider),
           "root_module": {"resources": [{"address": "aws_ecr_repository.api", "mode": "managed", "type": "aws_ecr_repository", "name": "api",
             "provider_config_key": "aws", "expressions": {"name": {"constant_value": "api"}}}]}}\#(identityState)}
        """#
    }

    func testRegionComesFromTheResourceThenTheProviderThenTheOption() throws {
        let constant = #"{"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-central-1"}}}}"#
        XCTAssertNotNil(try parts(Self.repositoryPlan(provider: constant)).registries[Placement(account: "444455556666", region: "eu-central-1")])
        XCTAssertNotNil(try parts(Self.repositoryPlan(provider: constant, region: "ap-south-1")).registries[Placement(account: "444455556666", region: "ap-south-1")])
        let fromEnvironment = #"{"aws": {"name": "aws"}}"#
        let unresolved = try parts(Self.repositoryPlan(provider: fromEnvironment))
        XCTAssertTrue(unresolved.registries.isEmpty)
        XCTAssertEqual(unresolved.gaps.map(\.message), ["aws_ecr_repository.api: its Region is not in the plan (no 'region' argument, no constant provider Region); pass --region"])
        XCTAssertNotNil(try parts(Self.repositoryPlan(provider: fromEnvironment), TerraformReadOptions(region: "us-east-2"))
            .registries[Placement(account: "444455556666", region: "us-east-2")])
        let local = #"{"aws": {"name": "aws", "expressions": {"region": {"references": ["local.region"]}}}}"#
        XCTAssertEqual(try parts(Self.repositoryPlan(provider: local)).gaps.map(\.message),
                       ["aws_ecr_repository.api: the Region of provider configuration 'aws' is not a constant (depends on local.region); pass --region"])
    }

    func testAccountWithoutCallerIdentityIsAGapNotAGuess() throws {
        let constant = #"{"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-central-1"}}}}"#
        let reader = try parts(Self.repositoryPlan(provider: constant, identity: false))
        XCTAssertTrue(reader.registries.isEmpty)
        XCTAssertEqual(reader.gaps.map(\.code), ["IAC_VALUE_UNKNOWN"])
        XCTAssertTrue(reader.gaps[0].message.contains("pass --account"))
        XCTAssertNotNil(try parts(Self.repositoryPlan(provider: constant, identity: false), TerraformReadOptions(account: "777788889999"))
            .registries[Placement(account: "777788889999", region: "eu-central-1")])
    }

    func testAmbiguousPolicyReferenceAndUndeclaredPoliciesAreGaps() throws {
        let text = #"""
        {"format_version": "1.2",
         "planned_values": {"root_module": {"resources": [
           {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "values": {"name": "ci", "path": "/"}},
           {"address": "aws_iam_policy.p[0]", "index": 0, "mode": "managed", "type": "aws_iam_policy", "name": "p", "values": {"name": "p0", "policy": "{}"}},
           {"address": "aws_iam_policy.p[1]", "index": 1, "mode": "managed", "type": "aws_iam_policy", "name": "p", "values": {"name": "p1", "policy": "{}"}},
           {"address": "aws_iam_role_policy_attachment.a", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "a", "values": {"role": "ci"}},
           {"address": "aws_iam_role_policy_attachment.b", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "b",
            "values": {"role": "ci", "policy_arn": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"}},
           {"address": "aws_iam_role_policy_attachment.c", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "c", "values": {"role": "ci"}},
           {"address": "aws_iam_role_policy.other", "mode": "managed", "type": "aws_iam_role_policy", "name": "other", "values": {"role": "deploy", "name": "x", "policy": "{}"}},
           {"address": "aws_ecr_repository_creation_template.t", "mode": "managed", "type": "aws_ecr_repository_creation_template", "name": "t", "values": {}}]}},
         "resource_changes": [{"address": "aws_iam_role_policy_attachment.a", "change": {"after_unknown": {"policy_arn": true}}},
                              {"address": "aws_iam_role_policy_attachment.c", "change": {"after_unknown": {"policy_arn": true}}}],
         "configuration": {"root_module": {"resources": [
           {"address": "aws_iam_role_policy_attachment.a", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "a",
            "expressions": {"policy_arn": {"references": ["aws_iam_policy.p", "local.choice"]}}},
           {"address": "aws_iam_role_policy_attachment.c", "mode": "managed", "type": "aws_iam_role_policy_attachment", "name": "c",
            "expressions": {"policy_arn": {"references": ["aws_iam_policy.p[1].arn", "aws_iam_policy.p[1]", "aws_iam_policy.p"]}}}]}}}
        """#
        let reader = try parts(text, TerraformReadOptions(account: "123456789012"))
        // A reference with a constant index names that instance.
        XCTAssertEqual(reader.principals["123456789012/role/ci"]?.identityPolicies.map(\.path), ["identity/managed/123456789012/p1.json"])
        XCTAssertEqual(reader.gaps.map(\.subject), [
            "aws_iam_role_policy.other.role",
            "aws_iam_role_policy_attachment.a.policy_arn",
            "aws_iam_role_policy_attachment.b.policy_arn",
            "aws_ecr_repository_creation_template.t",
        ])
        XCTAssertEqual(reader.gaps.map(\.code), ["IAC_UNSUPPORTED", "IAC_VALUE_UNKNOWN", "IAC_UNSUPPORTED", "IAC_UNSUPPORTED"])
        XCTAssertEqual(reader.gaps[1].message, "aws_iam_role_policy_attachment.a.policy_arn is known only after apply (depends on aws_iam_policy.p, local.choice)")
        XCTAssertTrue(reader.gaps[2].message.contains("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser, whose document is not in the plan"))
    }
}

extension TerraformDocumentTests {
    func testPolicyAttachmentToListsGroupMembershipAndUnnamedRole() throws {
        let text = #"""
        {"format_version": "1.2",
         "planned_values": {"root_module": {"resources": [
           {"address": "aws_iam_role.ci", "mode": "managed", "type": "aws_iam_role", "name": "ci", "values": {"name": "ci", "path": "/"}},
           {"address": "aws_iam_role.temp", "mode": "managed", "type": "aws_iam_role", "name": "temp", "values": {"name_prefix": "temp-"}},
           {"address": "aws_iam_user.bob", "mode": "managed", "type": "aws_iam_user", "name": "bob", "values": {"name": "bob", "path": "/people/"}},
           {"address": "aws_iam_group.ops", "mode": "managed", "type": "aws_iam_group", "name": "ops", "values": {"name": "ops", "path": "/"}},
           {"address": "aws_iam_group_membership.ops", "mode": "managed", "type": "aws_iam_group_membership", "name": "ops", "values": {"name": "ops-members", "group": "ops", "users": ["bob"]}},
           {"address": "aws_iam_group_policy_attachment.ops", "mode": "managed", "type": "aws_iam_group_policy_attachment", "name": "ops",
            "values": {"group": "ops", "policy_arn": "arn:aws:iam::123456789012:policy/ops"}},
           {"address": "aws_iam_policy.ops", "mode": "managed", "type": "aws_iam_policy", "name": "ops", "values": {"name": "ops", "path": "/", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[]}"}},
           {"address": "aws_iam_policy.shared", "mode": "managed", "type": "aws_iam_policy", "name": "shared", "values": {"name": "shared", "path": "/", "policy": "{}"}},
           {"address": "aws_iam_policy_attachment.shared", "mode": "managed", "type": "aws_iam_policy_attachment", "name": "shared",
            "values": {"name": "shared", "roles": ["ci"], "users": ["bob"], "groups": [], "policy_arn": "arn:aws:iam::123456789012:policy/shared"}}]}},
         "resource_changes": [{"address": "aws_iam_role.temp", "change": {"after_unknown": {"name": true}}}],
         "configuration": {"root_module": {"resources": [
           {"address": "aws_iam_role.temp", "mode": "managed", "type": "aws_iam_role", "name": "temp", "expressions": {"name_prefix": {"constant_value": "temp-"}}}]}}}
        """#
        let reader = try parts(text, TerraformReadOptions(account: "123456789012"))
        XCTAssertEqual(reader.principals.keys.sorted(), ["123456789012/role/ci", "123456789012/user/bob"])
        XCTAssertEqual(reader.principals["123456789012/user/bob"]?.identity, "arn:aws:iam::123456789012:user/people/bob")
        XCTAssertEqual(reader.principals["123456789012/role/ci"]?.identityPolicies.map(\.path), ["identity/managed/123456789012/shared.json"])
        XCTAssertEqual(reader.principals["123456789012/user/bob"]?.identityPolicies.map(\.path).sorted(),
                       ["identity/managed/123456789012/ops.json", "identity/managed/123456789012/shared.json"])
        // A role named by name_prefix has no name until apply: no principal, a gap.
        XCTAssertEqual(reader.gaps.map(\.message), ["aws_iam_role.temp.name is known only after apply (Terraform generates it from name_prefix)"])
    }
}

extension TerraformDocumentTests {
    /// Control policies: an attachment is a gap naming the policy and its target (a plan does not hold every
    /// policy of each organization level); an unknown document is a gap; other policy types are not access.
    func testOrganizationsPolicyAttachmentsAreGapsNamingPolicyAndTarget() throws {
        let text = #"""
        {"format_version": "1.2",
         "planned_values": {"root_module": {"resources": [
           {"address": "aws_organizations_policy.deny_ecr_delete", "mode": "managed", "type": "aws_organizations_policy", "name": "deny_ecr_delete",
            "values": {"name": "deny-ecr-delete", "type": "SERVICE_CONTROL_POLICY", "content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"ecr:DeleteRepository\",\"Resource\":\"*\"}]}"}},
           {"address": "aws_organizations_policy.rcp", "mode": "managed", "type": "aws_organizations_policy", "name": "rcp",
            "values": {"name": "rcp", "type": "RESOURCE_CONTROL_POLICY"}},
           {"address": "aws_organizations_policy.tags", "mode": "managed", "type": "aws_organizations_policy", "name": "tags",
            "values": {"name": "tags", "type": "TAG_POLICY", "content": "{}"}},
           {"address": "aws_organizations_policy_attachment.workloads", "mode": "managed", "type": "aws_organizations_policy_attachment", "name": "workloads",
            "values": {"target_id": "ou-ab12-33333333"}},
           {"address": "aws_organizations_policy_attachment.tags", "mode": "managed", "type": "aws_organizations_policy_attachment", "name": "tags",
            "values": {"target_id": "r-ab12"}}]}},
         "resource_changes": [
           {"address": "aws_organizations_policy.rcp", "change": {"after_unknown": {"content": true, "id": true}}},
           {"address": "aws_organizations_policy_attachment.workloads", "change": {"after_unknown": {"policy_id": true}}},
           {"address": "aws_organizations_policy_attachment.tags", "change": {"after_unknown": {"policy_id": true}}}],
         "configuration": {"root_module": {"resources": [
           {"address": "aws_organizations_policy.rcp", "mode": "managed", "type": "aws_organizations_policy", "name": "rcp",
            "expressions": {"content": {"references": ["data.aws_iam_policy_document.rcp.json", "data.aws_iam_policy_document.rcp"]}}},
           {"address": "aws_organizations_policy_attachment.workloads", "mode": "managed", "type": "aws_organizations_policy_attachment", "name": "workloads",
            "expressions": {"policy_id": {"references": ["aws_organizations_policy.deny_ecr_delete.id", "aws_organizations_policy.deny_ecr_delete"]}}},
           {"address": "aws_organizations_policy_attachment.tags", "mode": "managed", "type": "aws_organizations_policy_attachment", "name": "tags",
            "expressions": {"policy_id": {"references": ["aws_organizations_policy.tags.id", "aws_organizations_policy.tags"]}}}]}}}
        """#
        let reader = try parts(text, TerraformReadOptions(account: "123456789012"))
        XCTAssertEqual(reader.gaps.map(\.code), ["IAC_VALUE_UNKNOWN", "IAC_UNSUPPORTED"])
        XCTAssertEqual(reader.gaps[0].message, "aws_organizations_policy.rcp.content is known only after apply (depends on data.aws_iam_policy_document.rcp.json)")
        XCTAssertTrue(reader.gaps[1].message.hasPrefix("aws_organizations_policy_attachment.workloads attaches service control policy aws_organizations_policy.deny_ecr_delete to ou-ab12-33333333;"),
                      reader.gaps[1].message)
    }
}
