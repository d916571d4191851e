import XCTest
@testable import PolicyCore

/// The ECR User Guide's repository and registry policy examples ("Private repository policy
/// examples", "Private registry permissions"), evaluated for callers they should and should not admit.
final class EvaluationDocumentationExampleTests: XCTestCase {
    let evaluator = Evaluator()
    let repo = "arn:aws:ecr:us-west-2:123456789012:repository/my-repo"
    let ecrAdmin = identityPolicy(#"{"Effect":"Allow","Action":"ecr:*","Resource":"*"}"#, name: "admin")

    func ask(_ who: String, _ action: String, _ set: PolicySet, context: [String: ContextValue] = [:]) -> Decision {
        evaluator.evaluate(AccessRequest(principal: PrincipalIdentity(who)!, action: action, resource: repo, context: RequestContext(context)), set)
    }

    func testAllowIAMUsersWithinYourAccount() {
        let policy = compiled("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "AllowPushPull", "Effect": "Allow",
          "Principal": {"AWS": ["arn:aws:iam::123456789012:user/push-pull-user-1", "arn:aws:iam::123456789012:user/push-pull-user-2"]},
          "Action": ["ecr:BatchGetImage", "ecr:BatchCheckLayerAvailability", "ecr:CompleteLayerUpload", "ecr:GetDownloadUrlForLayer",
                     "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"]}]}
        """, kind: .repository)
        let set = PolicySet(resource: policy)
        XCTAssertTrue(ask("arn:aws:iam::123456789012:user/push-pull-user-1", "ecr:PutImage", set).isAllowed)
        XCTAssertFalse(ask("arn:aws:iam::123456789012:user/push-pull-user-3", "ecr:PutImage", set).isAllowed)
        XCTAssertFalse(ask("arn:aws:iam::123456789012:user/push-pull-user-2", "ecr:DeleteRepository", set).isAllowed)
    }

    func testAllowAnotherAccountNeedsItsIdentityPolicies() {
        let policy = compiled("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "AllowCrossAccountPull", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}
        """, kind: .repository)
        let caller = "arn:aws:sts::111122223333:assumed-role/puller/s"
        XCTAssertTrue(ask(caller, "ecr:BatchGetImage", PolicySet(identity: [ecrAdmin], resource: policy)).isAllowed)
        XCTAssertEqual(ask(caller, "ecr:BatchGetImage", PolicySet(resource: policy)).blockedBy, [.identity])
        XCTAssertEqual(ask(caller, "ecr:PutImage", PolicySet(identity: [ecrAdmin], resource: policy)).blockedBy, [.resource])
        XCTAssertEqual(ask("arn:aws:sts::444455556666:assumed-role/x/s", "ecr:BatchGetImage", PolicySet(identity: [ecrAdmin], resource: policy)).blockedBy, [.resource])
    }

    func testDenyAllIsFinalEvenForAdministrators() {
        let policy = compiled("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "DenyAll", "Effect": "Deny", "Principal": "*", "Action": "ecr:*"}]}
        """, kind: .repository)
        let d = ask("arn:aws:iam::123456789012:role/admin", "ecr:BatchGetImage", PolicySet(identity: [ecrAdmin], resource: policy))
        XCTAssertEqual(d.outcome, .explicitDeny)
        XCTAssertEqual(d.decidingStatements.map(\.sid), ["DenyAll"])
    }

    func testRestrictToSourceIPAddresses() {
        let policy = compiled("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "ALLOW_ACCESS_FROM_IPS", "Effect": "Deny", "Principal": "*", "Action": "ecr:*",
          "Condition": {"NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "2001:DB8:1234:5678::/64"]}}}]}
        """, kind: .repository)
        let set = PolicySet(identity: [ecrAdmin], resource: policy)
        let admin = "arn:aws:iam::123456789012:role/admin"
        XCTAssertTrue(ask(admin, "ecr:PutImage", set, context: ["aws:SourceIp": .single("192.0.2.17")]).isAllowed)
        XCTAssertTrue(ask(admin, "ecr:PutImage", set, context: ["aws:SourceIp": .single("2001:db8:1234:5678::9")]).isAllowed)
        XCTAssertEqual(ask(admin, "ecr:PutImage", set, context: ["aws:SourceIp": .single("203.0.113.1")]).outcome, .explicitDeny)
        // Without a source IP (a call through a VPC endpoint), the negated operator holds: denied, and the key is reported.
        let noIP = ask(admin, "ecr:PutImage", set)
        XCTAssertEqual(noIP.outcome, .explicitDeny)
        XCTAssertEqual(noIP.missingContextKeys.map(\.key), ["aws:SourceIp"])
    }

    func testAllowAnAWSServiceWithConfusedDeputyConditions() {
        let policy = compiled("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "CodeBuildAccess", "Effect": "Allow", "Principal": {"Service": "codebuild.amazonaws.com"},
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:codebuild:us-west-2:123456789012:project/project-name"},
                        "StringEquals": {"aws:SourceAccount": "123456789012"}}}]}
        """, kind: .repository)
        let set = PolicySet(resource: policy)
        func build(_ context: [String: ContextValue]) -> Decision {
            evaluator.evaluate(AccessRequest(principal: .service("codebuild.amazonaws.com"), action: "ecr:BatchGetImage", resource: repo,
                                             context: RequestContext(context)), set)
        }
        XCTAssertTrue(build(["aws:SourceArn": .single("arn:aws:codebuild:us-west-2:123456789012:project/project-name"),
                             "aws:SourceAccount": .single("123456789012")]).isAllowed)
        XCTAssertFalse(build(["aws:SourceArn": .single("arn:aws:codebuild:us-west-2:999999999999:project/project-name"),
                              "aws:SourceAccount": .single("999999999999")]).isAllowed)
        let bare = build([:])
        XCTAssertFalse(bare.isAllowed)
        XCTAssertEqual(bare.missingContextKeys.map(\.key), ["aws:SourceArn"])
    }

    func testCrossAccountReplicationRegistryPolicy() {
        let registry = compiled("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "ReplicationAccessCrossAccount", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::source_account_id:root"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
          "Resource": "arn:aws:ecr:us-west-2:123456789012:repository/*"}]}
        """.replacingOccurrences(of: "source_account_id", with: "444455556666"), kind: .registry)
        let source = PrincipalIdentity("arn:aws:iam::444455556666:root")!
        let d = evaluator.evaluate(.replicate, principal: source, repository: repo, policies: PolicySet(registry: registry, registryPolicyScope: .v1))
        XCTAssertTrue(d.isAllowed)
        let other = evaluator.evaluate(.replicate, principal: PrincipalIdentity("arn:aws:iam::777788889999:root")!, repository: repo,
                                       policies: PolicySet(registry: registry, registryPolicyScope: .v1))
        XCTAssertEqual(other.outcome, .implicitDeny)
        XCTAssertEqual(other.blockedBy, [.resource])
    }
}
