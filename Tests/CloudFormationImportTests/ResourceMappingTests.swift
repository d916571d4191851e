@testable import CloudFormationImport
import PolicyCore
import RegistryAudit
import XCTest

/// How each resource type lands in the manifest model, on small inline templates.
final class ResourceMappingTests: XCTestCase {
    let options = CloudFormationOptions(account: "123456789012", region: "us-east-1")

    func read(_ resources: String, file: String = "stack.yaml") throws -> CloudFormationImport {
        try CloudFormationReader.readWithSources(templates: [.init(file: file, text: "Resources:\n" + resources)], options: options)
    }

    static let allow = "{Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'ecr:*', Resource: '*'}]}"

    func testPolicyResourcesAttachToRolesUsersAndGroups() throws {
        let result = try read("""
          Ci:
            Type: AWS::IAM::Role
            Properties: {RoleName: ci, AssumeRolePolicyDocument: {}}
          Dev:
            Type: AWS::IAM::User
            Properties: {UserName: dev, Path: /people/, PermissionsBoundary: !Ref Boundary}
          Devs:
            Type: AWS::IAM::Group
            Properties: {GroupName: devs, ManagedPolicyArns: [!Ref Shared]}
          Join:
            Type: AWS::IAM::UserToGroupAddition
            Properties: {GroupName: !Ref Devs, Users: [!Ref Dev]}
          CiPolicy:
            Type: AWS::IAM::RolePolicy
            Properties: {RoleName: !Ref Ci, PolicyName: push, PolicyDocument: \(Self.allow)}
          DevPolicy:
            Type: AWS::IAM::UserPolicy
            Properties: {UserName: !Ref Dev, PolicyName: own, PolicyDocument: \(Self.allow)}
          GroupPolicy:
            Type: AWS::IAM::GroupPolicy
            Properties: {GroupName: !Ref Devs, PolicyName: team, PolicyDocument: \(Self.allow)}
          Shared:
            Type: AWS::IAM::ManagedPolicy
            Properties: {ManagedPolicyName: shared, Path: /ecr/, Roles: [!Ref Ci], PolicyDocument: \(Self.allow)}
          Boundary:
            Type: AWS::IAM::ManagedPolicy
            Properties: {ManagedPolicyName: boundary, PolicyDocument: \(Self.allow)}
        """)
        XCTAssertEqual(result.gaps, [])
        XCTAssertEqual(result.manifest.principals.map(\.name), ["123456789012/role/ci", "123456789012/user/dev"])
        let ci = try XCTUnwrap(result.manifest.principal(named: "123456789012/role/ci"))
        XCTAssertEqual(ci.identityPolicies.map(\.path), ["identity/123456789012/role/ci.inline.push.json", "identity/managed/123456789012/ecr/shared.json"])
        let dev = try XCTUnwrap(result.manifest.principal(named: "123456789012/user/dev"))
        XCTAssertEqual(dev.identity, "arn:aws:iam::123456789012:user/people/dev")
        XCTAssertEqual(dev.identityPolicies.map(\.path), [
            "identity/123456789012/user/people/dev.inline.own.json", "identity/123456789012/group/devs.inline.team.json",
            "identity/managed/123456789012/ecr/shared.json",
        ])
        XCTAssertEqual(dev.permissionBoundary?.path, "identity/managed/123456789012/boundary.json")
        XCTAssertEqual(result.policies["identity/123456789012/role/ci.inline.push.json"]?.origin, "Resources.CiPolicy.Properties.PolicyDocument")
    }

    func testManagedPolicyOutsideTheTemplateIsAGap() throws {
        let result = try read("""
          Ci:
            Type: AWS::IAM::Role
            Properties:
              RoleName: ci
              AssumeRolePolicyDocument: {}
              ManagedPolicyArns:
                - arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser
        """)
        XCTAssertEqual(result.gaps.map(\.message), ["managed policy arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser is not defined in the template: its document is not known"])
        XCTAssertEqual(result.gaps.first?.location.description, "stack.yaml:8:11")
        XCTAssertEqual(result.gaps.first?.subject, "Resources.Ci.Properties.ManagedPolicyArns")
        XCTAssertEqual(result.manifest.principals.first?.identityPolicies.count, 0)
    }

    func testServiceControlPoliciesOnTheRootAndAccountApplyBesideFullAWSAccess() throws {
        let result = try read("""
          Role:
            Type: AWS::IAM::Role
            Properties: {RoleName: r, AssumeRolePolicyDocument: {}, Policies: [{PolicyName: p, PolicyDocument: \(Self.allow)}]}
          DenyDelete:
            Type: AWS::Organizations::Policy
            Properties:
              Name: deny-delete
              Type: SERVICE_CONTROL_POLICY
              TargetIds: [r-ab12, !Ref AWS::AccountId]
              Content: {Version: '2012-10-17', Statement: [{Effect: Deny, Action: 'ecr:DeleteRepository', Resource: '*'}]}
          OuOnly:
            Type: AWS::Organizations::Policy
            Properties:
              Name: ou-only
              Type: SERVICE_CONTROL_POLICY
              TargetIds: [ou-ab12-11111111]
              Content: \(Self.allow)
          Rcp:
            Type: AWS::Organizations::Policy
            Properties: {Name: rcp, Type: RESOURCE_CONTROL_POLICY, TargetIds: [r-ab12], Content: \(Self.allow)}
        """)
        let role = try XCTUnwrap(result.manifest.principals.first)
        XCTAssertEqual(role.serviceControlPolicies.map { $0.map(\.path) }, [
            ["scp/FullAWSAccess.json", "scp/deny-delete.json"], ["scp/FullAWSAccess.json", "scp/deny-delete.json"],
        ])
        XCTAssertEqual(result.gaps.map(\.code), ["IAC_VALUE_UNKNOWN"])
        XCTAssertTrue(result.gaps[0].message.contains("ou-ab12-11111111"), result.gaps[0].message)
        let registry = try XCTUnwrap(result.manifest.registries.first, "an RCP makes the account's registry")
        XCTAssertEqual(registry.resourceControlPolicies.map { $0.map(\.path) }, [["rcp/RCPFullAWSAccess.json", "rcp/rcp.json"]])
        XCTAssertTrue(result.policies["rcp/RCPFullAWSAccess.json"]?.text.contains("\"Principal\": \"*\"") ?? false)
    }

    func testRepositorySettingsAndRegistryResources() throws {
        let result = try read("""
          Repo:
            Type: AWS::ECR::Repository
            Properties:
              RepositoryName: app
              ImageTagMutability: IMMUTABLE_WITH_EXCLUSION
              ImageTagMutabilityExclusionFilters:
                - {ImageTagMutabilityExclusionFilterType: WILDCARD, ImageTagMutabilityExclusionFilterValue: latest*}
              EncryptionConfiguration: {EncryptionType: KMS}
              RepositoryPolicyText: '{"Version": "2012-10-17", "Statement": [}'
          Scanning:
            Type: AWS::ECR::RegistryScanningConfiguration
            Properties: {ScanType: ENHANCED, Rules: []}
          Odd:
            Type: AWS::ECR::Repository
            Properties: {RepositoryName: odd, ImageTagMutability: SOMETIMES}
          Template:
            Type: AWS::ECR::RepositoryCreationTemplate
            Properties: {Prefix: cache, AppliedFor: [PULL_THROUGH_CACHE], RepositoryPolicy: '{}'}
          Bucket:
            Type: AWS::S3::Bucket
        """)
        let repo = try XCTUnwrap(result.manifest.registries.first?.repository(named: "app"))
        XCTAssertEqual(repo.encryption, .kms(key: nil))
        XCTAssertEqual(repo.tagMutability, .immutableWithExclusion)
        XCTAssertEqual(repo.tagMutabilityExclusionFilters.map(\.filter), ["latest*"])
        // A policy string that is not JSON is written as it is; the audit reports where it breaks.
        XCTAssertEqual(result.policies["repositories/123456789012/us-east-1/app.json"]?.text, #"{"Version": "2012-10-17", "Statement": [}"#)
        XCTAssertEqual(result.gaps.map(\.code), ["IAC_UNSUPPORTED", "IAC_UNSUPPORTED"])
        XCTAssertEqual(result.gaps.map(\.subject), ["Resources.Odd.Properties.ImageTagMutability", "Resources.Template.Properties.RepositoryPolicy"])
        XCTAssertTrue(result.notes.contains("stack.yaml: 1 AWS::S3::Bucket resource not part of the access model"))
        XCTAssertTrue(result.notes.contains { $0.contains("RegistryScanningConfiguration") })
    }

    func testUnknownResourceConditionLeavesTheResourceOutWithAGap() throws {
        let text = """
        Parameters:
          Make: {Type: String}
        Conditions:
          Create: !Equals [!Ref Make, yes]
        Resources:
          Repo:
            Type: AWS::ECR::Repository
            Condition: Create
            Properties: {RepositoryName: maybe}
        """
        let result = try CloudFormationReader.readWithSources(templates: [.init(file: "c.yaml", text: text)], options: options)
        XCTAssertTrue(result.manifest.registries.first?.repositories.isEmpty ?? true)
        XCTAssertEqual(result.gaps.map(\.location.description), ["c.yaml:4:20"])
        XCTAssertEqual(result.gaps.first?.subject, "Resources.Repo")
    }
}
