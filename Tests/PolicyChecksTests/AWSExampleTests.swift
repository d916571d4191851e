import PolicyChecks
import PolicyCore
import XCTest

/// The example policies of the ECR User Guide ("Private repository policy examples" and "Private
/// registry permissions examples"), with placeholder accounts filled in. None of them may raise a
/// security finding: tools that flag AWS's own "deny all" example as public are wrong.
final class AWSExampleTests: XCTestCase {
    static let repositoryExamples: [(String, String)] = [
        ("allow users push/pull", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "AllowPushPull", "Effect": "Allow",
          "Principal": {"AWS": ["arn:aws:iam::111122223333:user/push-pull-user-1", "arn:aws:iam::111122223333:user/push-pull-user-2"]},
          "Action": ["ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer",
                     "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]}]}
        """),
        ("allow another account to push", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "AllowCrossAccountPush", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
          "Action": ["ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]}]}
        """),
        ("pull for some users, full access for an admin", """
        {"Version": "2008-10-17", "Statement": [
          {"Sid": "AllowPull", "Effect": "Allow",
           "Principal": {"AWS": ["arn:aws:iam::111122223333:user/pull-user-1", "arn:aws:iam::111122223333:user/pull-user-2"]},
           "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
          {"Sid": "AllowAll", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/admin-user"}, "Action": ["ecr:*"]}]}
        """),
        ("deny all", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "DenyPull", "Effect": "Deny", "Principal": "*",
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}
        """),
        ("restrict to source IP addresses", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "ECRPolicy", "Effect": "Deny", "Principal": "*", "Action": "ecr:*",
          "Condition": {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}}]}
        """),
        ("allow an AWS service (CodeBuild) with source pinned", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "CodeBuildAccess", "Effect": "Allow",
          "Principal": {"Service": "codebuild.amazonaws.com"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:codebuild:us-east-1:111122223333:project/my-project"},
                        "StringEquals": {"aws:SourceAccount": "111122223333"}}}]}
        """),
        ("organization-restricted pull", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "OrgPull", "Effect": "Allow", "Principal": "*",
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
          "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """),
    ]

    static let registryExamples: [(String, String)] = [
        ("replicate from one source account", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
          "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}]}
        """),
        ("replicate from several accounts", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
           "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"},
          {"Sid": "ReplicationAccessCrossAccount2", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::777788889999:root"},
           "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/*"}]}
        """),
        ("replicate repositories with a prefix", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
          "Resource": ["arn:aws:ecr:us-west-2:111122223333:repository/prod-*"]}]}
        """),
        ("pull through cache for the account's own principals", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "PullThroughCache", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"],
          "Resource": "arn:aws:ecr:us-west-2:111122223333:repository/ecr-public/*"}]}
        """),
    ]

    func assertNoSecurityFinding(_ text: String, kind: PolicyKind, context: CheckContext, _ name: String) {
        let findings = PolicyChecker().check(text, kind: kind, file: "\(name).json", context: context)
        let security = findings.filter { $0.category == .securityWarning }
        XCTAssertEqual(security.map(\.code), [], "\(name): " + security.map(\.message).joined(separator: "\n"))
        XCTAssertFalse(GatePolicy().fails(findings.filter { $0.category != .error }), "\(name) fails the default gate")
    }

    func testRepositoryExamplesRaiseNoSecurityFinding() {
        for (name, text) in Self.repositoryExamples {
            assertNoSecurityFinding(text, kind: .repository, context: .unknown, name)
            // With the owner known, the cross-account push example is (correctly) overbroad write access;
            // every other example stays clean.
            if name != "allow another account to push" {
                assertNoSecurityFinding(text, kind: .repository, context: CheckContext(accountID: "111122223333", organizationID: "o-a1b2c3d4e5"), name)
            }
        }
    }

    func testRegistryExamplesRaiseNoSecurityFinding() {
        for (name, text) in Self.registryExamples {
            for scope in RegistryPolicyScope.allCases {
                assertNoSecurityFinding(text, kind: .registry, context: CheckContext(accountID: "111122223333", registryPolicyScope: scope), "\(name) \(scope)")
            }
        }
    }

    func testCrossAccountPushExampleIsOverbroadWhenTheOwnerIsKnown() {
        let text = Self.repositoryExamples.first { $0.0 == "allow another account to push" }!.1
        let findings = PolicyChecker().check(text, kind: .repository, file: "p.json", context: CheckContext(accountID: "111122223333"))
        XCTAssertEqual(findings.filter { $0.category == .securityWarning }.map(\.code), ["OVERBROAD_WRITE_ACCESS"])
    }

    /// The policy core's retyped copies of the same documentation pages (Tests/PolicyCoreTests/Fixtures/aws-docs).
    func testPolicyCoreDocumentationFixturesRaiseNoSecurityFinding() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PolicyCoreTests/Fixtures/aws-docs")
        var checked = 0
        for (folder, kind) in [("repository", PolicyKind.repository), ("registry", .registry)] {
            let dir = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() where name.hasSuffix(".json") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                assertNoSecurityFinding(text, kind: kind, context: .unknown, "\(folder)/\(name)")
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 10, "the documentation fixtures are missing")
    }
}
