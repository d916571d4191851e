import XCTest
@testable import PolicyCore

final class EvaluationLogicTests: XCTestCase {
    let evaluator = Evaluator()
    let allowPull = identityPolicy(#"{"Sid":"Pull","Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],"Resource":"*"}"#, name: "ci-pull")

    func repositoryPolicy(_ statements: String, name: String = "repository policy") -> CompiledPolicy {
        compiled(#"{"Version":"2012-10-17","Statement":["# + statements + "]}", kind: .repository, name: name)
    }

    func testImplicitDenyWithoutAnyPolicy() {
        let d = evaluator.evaluate(request(sameAccountRole, "ecr:BatchGetImage"), PolicySet())
        XCTAssertEqual(d.outcome, .implicitDeny)
        XCTAssertEqual(d.blockedBy, [.identity])
        XCTAssertTrue(d.decidingStatements.isEmpty)
    }

    func testIdentityAllowSameAccountNamesTheStatement() {
        let d = evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(identity: [allowPull]))
        XCTAssertEqual(d.outcome, .allowed)
        XCTAssertEqual(d.decidingStatements.map(\.policyName), ["ci-pull"])
        XCTAssertEqual(d.decidingStatements.first?.sid, "Pull")
        XCTAssertEqual(d.decidingStatements.first?.index, 0)
        XCTAssertEqual(d.decidingStatements.first?.span.start.line, 1)
    }

    func testExplicitDenyAnywhereIsFinal() {
        let deny = repositoryPolicy(#"{"Sid":"NoPull","Effect":"Deny","Principal":"*","Action":"ecr:BatchGetImage"}"#)
        let d = evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(identity: [allowPull], resource: deny))
        XCTAssertEqual(d.outcome, .explicitDeny)
        XCTAssertEqual(d.blockedBy, [.resource])
        XCTAssertEqual(d.decidingStatements.map(\.sid), ["NoPull"])
        // A Deny in the identity policy beats an Allow in the resource policy.
        let allowAll = repositoryPolicy(#"{"Effect":"Allow","Principal":"*","Action":"ecr:*"}"#)
        let denyId = identityPolicy(#"{"Effect":"Deny","Action":"ecr:BatchGetImage","Resource":"*"}"#)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(identity: [denyId], resource: allowAll)).outcome, .explicitDeny)
    }

    /// Same-/cross-account matrix: (principal, identity allows, repository policy names, expected).
    func testSameAndCrossAccountMatrix() {
        enum Names { case nobody, account, role, session, user, everyone }
        func repo(_ n: Names, account: String) -> CompiledPolicy? {
            let p: String
            switch n {
            case .nobody: return nil
            case .account: p = #"{"AWS":"arn:aws:iam::\#(account):root"}"#
            case .role: p = #"{"AWS":"arn:aws:iam::\#(account):role/ci"}"#
            case .session: p = #"{"AWS":"arn:aws:sts::\#(account):assumed-role/ci/build-7"}"#
            case .user: p = #"{"AWS":"arn:aws:iam::\#(account):user/alice"}"#
            case .everyone: p = #""*""#
            }
            return repositoryPolicy(#"{"Effect":"Allow","Principal":"# + p + #","Action":"ecr:BatchGetImage"}"#)
        }
        let same = "111122223333", other = "444455556666"
        let rows: [(String, Bool, Names, DecisionOutcome, [PolicyType])] = [
            // same account: either side suffices, except a bare account grant (delegation)
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", true, .nobody, .allowed, []),
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", false, .role, .allowed, []),
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", false, .session, .allowed, []),
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", false, .everyone, .allowed, []),
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", false, .account, .implicitDeny, [.identity]),
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", true, .account, .allowed, []),
            ("arn:aws:sts::\(same):assumed-role/ci/build-7", false, .user, .implicitDeny, [.identity, .resource]),
            ("arn:aws:iam::\(same):user/alice", false, .user, .allowed, []),
            ("arn:aws:iam::\(same):user/alice", false, .nobody, .implicitDeny, [.identity]),
            // cross account: both sides
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", true, .nobody, .implicitDeny, [.resource]),
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", false, .role, .implicitDeny, [.identity]),
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", true, .role, .allowed, []),
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", true, .account, .allowed, []),
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", false, .account, .implicitDeny, [.identity]),
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", true, .everyone, .allowed, []),
            ("arn:aws:sts::\(other):assumed-role/ci/build-7", false, .everyone, .implicitDeny, [.identity]),
            ("arn:aws:iam::\(other):user/alice", true, .user, .allowed, []),
            ("arn:aws:iam::\(other):user/alice", false, .user, .implicitDeny, [.identity]),
            ("arn:aws:iam::\(other):root", false, .account, .allowed, []),   // the root user has its account's identity permissions
            ("arn:aws:iam::\(other):root", false, .nobody, .implicitDeny, [.resource]),
        ]
        for (who, identityAllows, names, expected, blocked) in rows {
            let p = PrincipalIdentity(who)!
            let set = PolicySet(identity: identityAllows ? [allowPull] : [], resource: repo(names, account: p.account!))
            let d = evaluator.evaluate(request(who, "ecr:BatchGetImage"), set)
            XCTAssertEqual(d.outcome, expected, "\(who) identity:\(identityAllows) names:\(names)")
            XCTAssertEqual(d.blockedBy, blocked, "\(who) identity:\(identityAllows) names:\(names)")
            if expected == .allowed { XCTAssertFalse(d.decidingStatements.isEmpty) }
        }
    }

    func testBoundaryAndSessionPolicy() {
        let boundaryNoPush = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*"}}"#, kind: .boundary, name: "boundary")
        let sessionNoPull = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:PutImage","Resource":"*"}}"#, kind: .session, name: "session")
        let pushPull = identityPolicy(#"{"Effect":"Allow","Action":["ecr:PutImage","ecr:BatchGetImage"],"Resource":"*"}"#)
        // The boundary limits identity permissions.
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(identity: [pushPull], boundary: boundaryNoPush)).blockedBy, [.boundary])
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(identity: [pushPull], boundary: boundaryNoPush)).isAllowed)
        // The session policy limits too, and applies to sessions, not IAM users.
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(identity: [pushPull], session: sessionNoPull)).blockedBy, [.session])
        XCTAssertTrue(evaluator.evaluate(request(sameAccountUser, "ecr:BatchGetImage"), PolicySet(identity: [pushPull], session: sessionNoPull)).isAllowed)

        // Resource policy naming the ROLE ARN: limited by boundary and session policy.
        let namesRole = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ci"},"Action":"ecr:PutImage"}"#)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(resource: namesRole, boundary: boundaryNoPush)).blockedBy, [.boundary])
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(resource: namesRole, session: compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*"}}"#, kind: .session))).blockedBy, [.session])
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(resource: namesRole, session: sessionNoPull)).isAllowed)
        // Naming the SESSION ARN: not limited by the boundary or session policy.
        let namesSession = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:assumed-role/ci/build-7"},"Action":"ecr:PutImage"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(resource: namesSession, boundary: boundaryNoPush, session: compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#, kind: .session))).isAllowed)
        // Naming the IAM USER: not limited by an implicit deny in the boundary.
        let namesUser = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/alice"},"Action":"ecr:PutImage"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountUser, "ecr:PutImage"), PolicySet(resource: namesUser, boundary: boundaryNoPush)).isAllowed)
        // ...but an explicit Deny in the boundary is final.
        let boundaryDeny = compiled(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"ecr:PutImage","Resource":"*"}]}"#, kind: .boundary)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountUser, "ecr:PutImage"), PolicySet(resource: namesUser, boundary: boundaryDeny)).outcome, .explicitDeny)
        // Cross-account: the boundary applies to the principal's side.
        let crossGrant = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"ecr:PutImage"}"#)
        let d = evaluator.evaluate(request("arn:aws:sts::444455556666:assumed-role/deploy/x", "ecr:PutImage"), PolicySet(identity: [pushPull], resource: crossGrant, boundary: boundaryNoPush))
        XCTAssertEqual(d.blockedBy, [.boundary])
    }

    func testServiceControlPoliciesPerLevel() {
        let full = compiled(#"{"Version":"2012-10-17","Statement":{"Sid":"FullAWSAccess","Effect":"Allow","Action":"*","Resource":"*"}}"#, kind: .scp, name: "FullAWSAccess")
        let onlyPull = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*"}}"#, kind: .scp, name: "ou-pull-only")
        let denyDelete = compiled(#"{"Version":"2012-10-17","Statement":{"Sid":"NoDelete","Effect":"Deny","Action":"ecr:Delete*","Resource":"*"}}"#, kind: .scp, name: "no-delete")
        let admin = identityPolicy(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        let set = PolicySet(identity: [admin], serviceControlPolicies: [[full], [onlyPull], [full, denyDelete]])
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), set).isAllowed)
        let push = evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), set)
        XCTAssertEqual(push.outcome, .implicitDeny)
        XCTAssertEqual(push.blockedBy, [.scp])
        let del = evaluator.evaluate(request(sameAccountSession, "ecr:DeleteRepository"), set)
        XCTAssertEqual(del.outcome, .explicitDeny)
        XCTAssertEqual(del.decidingStatements.map(\.sid), ["NoDelete"])
        // Not for the management account, service-linked roles or service principals.
        var mgmt = set
        mgmt.managementAccount = "111122223333"
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), mgmt).isAllowed)
        XCTAssertTrue(evaluator.evaluate(request("arn:aws:iam::111122223333:role/aws-service-role/replication.ecr.amazonaws.com/AWSServiceRoleForECRReplication", "ecr:PutImage"), set).isAllowed)
        // Cross-account: SCPs of the principal's path apply even though the resource policy allows.
        let repo = repositoryPolicy(#"{"Effect":"Allow","Principal":"*","Action":"ecr:PutImage"}"#)
        let cross = PolicySet(identity: [admin], resource: repo, serviceControlPolicies: [[onlyPull]])
        XCTAssertEqual(evaluator.evaluate(request("arn:aws:sts::444455556666:assumed-role/x/y", "ecr:PutImage"), cross).blockedBy, [.scp])
        // Same account: an SCP also limits what a resource policy grants.
        XCTAssertEqual(evaluator.evaluate(request(sameAccountUser, "ecr:PutImage"), PolicySet(resource: repo, serviceControlPolicies: [[onlyPull]])).blockedBy, [.scp])
    }

    func testResourceControlPoliciesOnlyDenyAndFullAccessIsImplicit() {
        let rcp = compiled(#"{"Version":"2012-10-17","Statement":{"Sid":"OrgOnly","Effect":"Deny","Principal":"*","Action":"ecr:*","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:PrincipalOrgID":"o-abc"},"BoolIfExists":{"aws:PrincipalIsAWSService":"false"}}}}"#, kind: .rcp, name: "org-only")
        let repo = repositoryPolicy(#"{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}"#)
        let pull = identityPolicy(#"{"Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*"}"#)
        let set = PolicySet(identity: [pull], resource: repo, resourceControlPolicies: [[rcp], []])
        let outsider = evaluator.evaluate(request("arn:aws:sts::444455556666:assumed-role/x/y", "ecr:BatchGetImage", context: ["aws:PrincipalOrgID": .single("o-zzz")]), set)
        XCTAssertEqual(outsider.outcome, .explicitDeny)
        XCTAssertEqual(outsider.blockedBy, [.rcp])
        XCTAssertTrue(evaluator.evaluate(request("arn:aws:sts::444455556666:assumed-role/x/y", "ecr:BatchGetImage", context: ["aws:PrincipalOrgID": .single("o-abc")]), set).isAllowed)
        // An empty RCP level still allows: RCPFullAWSAccess is implicit.
        XCTAssertTrue(evaluator.evaluate(request(sameAccountUser, "ecr:BatchGetImage"), PolicySet(identity: [pull], resourceControlPolicies: [[], []])).isAllowed)
        // Service principals pass through the BoolIfExists exemption.
        XCTAssertTrue(evaluator.evaluate(AccessRequest(principal: .service("codebuild.amazonaws.com"), action: "ecr:BatchGetImage", resource: repoARN), set).isAllowed)
    }

    func testMissingContextKeysAreReported() {
        let repo = repositoryPolicy(#"{"Sid":"Org","Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}"#)
        let d = evaluator.evaluate(request("arn:aws:sts::444455556666:assumed-role/x/y", "ecr:BatchGetImage"), PolicySet(identity: [allowPull], resource: repo))
        XCTAssertEqual(d.outcome, .implicitDeny)
        XCTAssertEqual(d.blockedBy, [.resource])
        XCTAssertEqual(d.missingContextKeys.count, 1)
        XCTAssertEqual(d.missingContextKeys.first?.key, "aws:PrincipalOrgID")
        XCTAssertEqual(d.missingContextKeys.first?.requirement, "StringEquals aws:PrincipalOrgID o-abc")
        XCTAssertEqual(d.missingContextKeys.first?.statement.sid, "Org")
        // With the key, no missing key and allowed.
        let ok = evaluator.evaluate(request("arn:aws:sts::444455556666:assumed-role/x/y", "ecr:BatchGetImage", context: ["aws:PrincipalOrgID": .single("o-abc")]), PolicySet(identity: [allowPull], resource: repo))
        XCTAssertTrue(ok.isAllowed)
        XCTAssertTrue(ok.missingContextKeys.isEmpty)
    }

    func testNotPrincipalWithDeny() {
        // Deny everyone except the ci role: the session must be excluded through the whole chain.
        let onlyCI = repositoryPolicy(#"{"Sid":"OnlyCI","Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/ci","arn:aws:sts::111122223333:assumed-role/ci/build-7","arn:aws:iam::111122223333:root"]},"Action":"ecr:PutImage"}"#)
        let push = identityPolicy(#"{"Effect":"Allow","Action":"ecr:PutImage","Resource":"*"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(identity: [push], resource: onlyCI)).isAllowed)
        XCTAssertEqual(evaluator.evaluate(request("arn:aws:sts::111122223333:assumed-role/ci/other", "ecr:PutImage"), PolicySet(identity: [push], resource: onlyCI)).outcome, .explicitDeny)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountUser, "ecr:PutImage"), PolicySet(identity: [push], resource: onlyCI)).outcome, .explicitDeny)
        // Without the account in the list, the Deny reaches the role's sessions too (AWS's documented pitfall).
        let noAccount = repositoryPolicy(#"{"Effect":"Deny","NotPrincipal":{"AWS":["arn:aws:iam::111122223333:role/ci","arn:aws:sts::111122223333:assumed-role/ci/build-7"]},"Action":"ecr:PutImage"}"#)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(identity: [push], resource: noAccount)).outcome, .explicitDeny)
        // A principal with a permissions boundary is always denied by Deny+NotPrincipal.
        let boundary = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#, kind: .boundary)
        XCTAssertEqual(evaluator.evaluate(request(sameAccountSession, "ecr:PutImage"), PolicySet(identity: [push], resource: onlyCI, boundary: boundary)).outcome, .explicitDeny)
    }

    func testServicePrincipalsAnonymousAndFederatedUsers() {
        let codebuild = repositoryPolicy(#"{"Effect":"Allow","Principal":{"Service":"CodeBuild.amazonaws.com"},"Action":"ecr:BatchGetImage"}"#)
        XCTAssertTrue(evaluator.evaluate(AccessRequest(principal: .service("codebuild.amazonaws.com"), action: "ecr:BatchGetImage", resource: repoARN), PolicySet(resource: codebuild)).isAllowed)
        XCTAssertEqual(evaluator.evaluate(AccessRequest(principal: .service("lambda.amazonaws.com"), action: "ecr:BatchGetImage", resource: repoARN), PolicySet(resource: codebuild)).blockedBy, [.resource])
        let everyone = repositoryPolicy(#"{"Effect":"Allow","Principal":"*","Action":"ecr:*"}"#)
        XCTAssertTrue(evaluator.evaluate(AccessRequest(principal: .anonymous, action: "ecr:BatchGetImage", resource: repoARN), PolicySet(resource: everyone)).isAllowed)
        // Anonymous callers can never get an authorization token: no identity policy can exist.
        XCTAssertEqual(evaluator.evaluate(AccessRequest(principal: .anonymous, action: "ecr:GetAuthorizationToken", resource: "*"), PolicySet(resource: everyone)).blockedBy, [.identity])
        let fed = "arn:aws:sts::111122223333:federated-user/bob"
        let namesFed = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::111122223333:federated-user/bob"},"Action":"ecr:BatchGetImage"}"#)
        let session = compiled(#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}"#, kind: .session)
        XCTAssertTrue(evaluator.evaluate(request(fed, "ecr:BatchGetImage"), PolicySet(resource: namesFed, session: session)).isAllowed)
        XCTAssertEqual(evaluator.evaluate(request(fed, "ecr:BatchGetImage"), PolicySet(identity: [allowPull], session: session)).blockedBy, [.session])
    }

    func testPrincipalEntriesWithWildcardsMatchNothing() {
        let bad = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/*"},"Action":"ecr:BatchGetImage"}"#)
        XCTAssertFalse(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(resource: bad)).isAllowed)
        let awsStar = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"ecr:BatchGetImage"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(resource: awsStar)).isAllowed)
        let roleWithPath = repositoryPolicy(#"{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/build/ci"},"Action":"ecr:BatchGetImage"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountSession, "ecr:BatchGetImage"), PolicySet(resource: roleWithPath)).isAllowed)
    }

    func testEndpointPolicies() {
        let endpoint = compiled(#"{"Statement":{"Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage","Resource":"*"}}"#, kind: .endpoint, name: "vpce")
        let admin = identityPolicy(#"{"Effect":"Allow","Action":"*","Resource":"*"}"#)
        XCTAssertTrue(evaluator.evaluate(request(sameAccountUser, "ecr:BatchGetImage"), PolicySet(identity: [admin], endpoints: [endpoint])).isAllowed)
        let d = evaluator.evaluate(request(sameAccountUser, "ecr:PutImage"), PolicySet(identity: [admin], endpoints: [endpoint]))
        XCTAssertEqual(d.blockedBy, [.endpoint])
    }
}
