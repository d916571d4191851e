import XCTest
@testable import PolicyCore

/// For an allowed request, the Denies the evaluator considered and why each did not apply; a Deny
/// whose action does not cover the request is not considered, and one that applies decides.
final class DenyReviewTests: XCTestCase {
    let repository = compiled(#"""
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"}, "Action": ["ecr:BatchGetImage"]},
      {"Sid": "OnlyFromOrg", "Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage",
       "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-member00001"}}},
      {"Sid": "NotPartner", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "ecr:*"},
      {"Sid": "PushOnly", "Effect": "Deny", "Principal": "*", "Action": "ecr:PutImage"}
    ]}
    """#, kind: .repository, name: "repo.json")
    let identity = identityPolicy(#"{"Sid": "OtherRepo", "Effect": "Deny", "Action": "ecr:*", "Resource": "arn:aws:ecr:*:*:repository/secret"}"#, name: "ci.json")

    func testAnAllowedRequestListsEachConsideredDenyWithItsReason() {
        let req = request(sameAccountRole, "ecr:BatchGetImage", context: ["aws:PrincipalOrgID": .single("o-member00001")])
        let set = PolicySet(identity: [identity], resource: repository)
        XCTAssertEqual(Evaluator().evaluate(req, set).outcome, .allowed)
        let denies = Evaluator().unappliedDenies(req, set)
        XCTAssertEqual(denies.map { "\($0.statement.policyName) \($0.statement.sid ?? "")" }, ["repo.json OnlyFromOrg", "repo.json NotPartner", "ci.json OtherRepo"])
        XCTAssertEqual(denies.map(\.reason), [
            "its condition StringNotEquals aws:PrincipalOrgID o-member00001 is false: the request carries aws:PrincipalOrgID = o-member00001",
            "its Principal does not name arn:aws:iam::111122223333:role/ci",
            "its Resource does not match \(repoARN)",
        ])
    }

    func testADenyThatAppliesIsNotListedAsUnapplied() {
        let req = request(sameAccountRole, "ecr:BatchGetImage", context: ["aws:PrincipalOrgID": .single("o-stranger001")])
        let set = PolicySet(resource: repository)
        XCTAssertEqual(Evaluator().explain(req, set).outcome, .explicitDeny)
        XCTAssertFalse(Evaluator().unappliedDenies(req, set).contains { $0.statement.sid == "OnlyFromOrg" })
    }

    func testCapabilityDeniesCoverEveryRequiredActionOnce() {
        let set = PolicySet(identity: [identity, identityPolicy(#"{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}"#)], resource: repository)
        let denies = Evaluator().unappliedDenies(.pull, principal: principal(sameAccountRole), repository: repoARN,
                                                 context: RequestContext(["aws:PrincipalOrgID": .single("o-member00001")]), policies: set)
        // OtherRepo is considered for every action but listed once per reason (its resource differs for the token: `*`).
        XCTAssertEqual(Set(denies.map { $0.statement.sid ?? "" }), ["OnlyFromOrg", "NotPartner", "OtherRepo"])
        XCTAssertEqual(denies.count, Set(denies).count)
    }
}
