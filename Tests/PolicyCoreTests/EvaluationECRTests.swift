import XCTest
@testable import PolicyCore

final class EvaluationECRTests: XCTestCase {
    let evaluator = Evaluator()

    func testRepositoryPolicyCannotGrantGetAuthorizationToken() {
        let repo = compiled(#"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"},{"Effect":"Deny","Principal":"*","Action":"ecr:GetAuthorizationToken"}]}"#, kind: .repository)
        // Neither its Allow nor its Deny is consulted for the token.
        let none = evaluator.evaluate(request(sameAccountUser, "ecr:GetAuthorizationToken", "*"), PolicySet(resource: repo))
        XCTAssertEqual(none.outcome, .implicitDeny)
        XCTAssertEqual(none.blockedBy, [.identity])
        let token = identityPolicy(#"{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountUser, "ecr:GetAuthorizationToken", "*"), PolicySet(identity: [token], resource: repo)).isAllowed)
    }

    func testRegistryPolicyScopes() {
        let registry = compiled(#"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["ecr:ReplicateImage","ecr:CreateRepository"],"Resource":"arn:aws:ecr:us-east-1:111122223333:repository/*"},{"Sid":"PullAll","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:BatchGetImage","Resource":"arn:aws:ecr:us-east-1:111122223333:repository/*"}]}"#, kind: .registry, name: "registry policy")
        let sourceRoot = PrincipalIdentity("arn:aws:iam::444455556666:root")!
        let replicate = AccessRequest(principal: sourceRoot, action: "ecr:ReplicateImage", resource: repoARN)
        for scope in RegistryPolicyScope.allCases {
            let d = evaluator.evaluate(replicate, PolicySet(registry: registry, registryPolicyScope: scope))
            XCTAssertTrue(d.isAllowed, "\(scope)")
            XCTAssertEqual(d.decidingStatements.map(\.sid), ["Replicate"])
        }
        let pullRole = "arn:aws:sts::444455556666:assumed-role/deploy/x"
        let pullId = identityPolicy(#"{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*"}"#)
        // V1 ignores the BatchGetImage grant; V2 applies it to every repository of the registry.
        XCTAssertEqual(evaluator.evaluate(request(pullRole, "ecr:BatchGetImage"), PolicySet(identity: [pullId], registry: registry, registryPolicyScope: .v1)).blockedBy, [.resource])
        XCTAssertTrue(evaluator.evaluate(request(pullRole, "ecr:BatchGetImage"), PolicySet(identity: [pullId], registry: registry, registryPolicyScope: .v2)).isAllowed)
        // V2: a Deny in the repository policy still wins; an Allow in either counts.
        let repoDeny = compiled(#"{"Version":"2012-10-17","Statement":{"Sid":"NoOutside","Effect":"Deny","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:*"}}"#, kind: .repository)
        let d = evaluator.evaluate(request(pullRole, "ecr:BatchGetImage"), PolicySet(identity: [pullId], resource: repoDeny, registry: registry))
        XCTAssertEqual(d.outcome, .explicitDeny)
        XCTAssertEqual(d.decidingStatements.map(\.sid), ["NoOutside"])
    }

    func testCapabilitiesAreConjunctionsExplainedPerAction() {
        let token = identityPolicy(#"{"Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}"#, name: "token")
        let repo = compiled(#"{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]},{"Sid":"PushPart","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"},"Action":["ecr:InitiateLayerUpload","ecr:UploadLayerPart","ecr:CompleteLayerUpload","ecr:PutImage"]}]}"#, kind: .repository)
        let set = PolicySet(identity: [token], resource: repo)
        let ci = PrincipalIdentity(sameAccountSession)!
        let pull = evaluator.evaluate(.pull, principal: ci, repository: repoARN, policies: set)
        XCTAssertEqual(pull.outcome, .allowed)
        XCTAssertEqual(pull.actions.map(\.step.action), ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"])
        XCTAssertEqual(pull.actions.last?.decision?.outcome, .implicitDeny)   // optional step: explained, not deciding
        let push = evaluator.evaluate(.push, principal: ci, repository: repoARN, policies: set)
        XCTAssertEqual(push.outcome, .implicitDeny)   // BatchCheckLayerAvailability missing
        XCTAssertEqual(push.actions.filter { $0.step.required && $0.decision?.isAllowed != true }.map(\.step.action), ["ecr:BatchCheckLayerAvailability"])
        // Without the token, no capability that needs one.
        let noToken = evaluator.evaluate(.pull, principal: ci, repository: repoARN, policies: PolicySet(resource: repo))
        XCTAssertEqual(noToken.outcome, .implicitDeny)
        XCTAssertEqual(noToken.blockedBy, [.identity])
        // Service principals skip the token step.
        let svc = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"codebuild.amazonaws.com"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}}"#, kind: .repository)
        let cb = evaluator.evaluate(.pull, principal: .service("codebuild.amazonaws.com"), repository: repoARN, policies: PolicySet(resource: svc))
        XCTAssertEqual(cb.outcome, .allowed)
        XCTAssertNotNil(cb.actions.first?.skippedReason)
        XCTAssertEqual(Capability(name: "pullThroughCacheImport"), .pullThroughCacheImport)
        XCTAssertEqual(Capability(name: "manage_policy"), .managePolicy)
        XCTAssertNil(Capability(name: "fly"))
    }

    func testReplicationCapabilityNeedsDestinationRegistryPolicy() {
        let registry = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"ecr:ReplicateImage","Resource":"arn:aws:ecr:us-east-1:111122223333:repository/*"}}"#, kind: .registry)
        let source = PrincipalIdentity("444455556666")!
        let d = evaluator.evaluate(.replicate, principal: source, repository: repoARN, policies: PolicySet(registry: registry, registryPolicyScope: .v1))
        XCTAssertEqual(d.outcome, .implicitDeny)
        XCTAssertEqual(d.actions.map { $0.decision?.outcome }, [.allowed, .implicitDeny])   // CreateRepository missing
    }
}
