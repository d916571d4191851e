import XCTest
@testable import PolicyCore

/// `AccessRequest.with(action:resource:)` shares the context table of the request it comes from; it
/// must decide and explain exactly like a request built from scratch.
final class AccessRequestReuseTests: XCTestCase {
    func testADerivedRequestDecidesLikeAFreshOne() {
        let policies = PolicySet(
            identity: [identityPolicy(#"{"Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceAccount":"111122223333"}}}"#)],
            resource: compiled(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":["ecr:BatchGetImage"]}]}"#,
                               kind: .repository))
        let context = RequestContext(["aws:SourceIp": .single("203.0.113.9"), "aws:ResourceAccount": .single("999999999999")])
        let resources = [repoARN, "arn:aws:ecr:us-east-1:444455556666:repository/other", "*", "not-an-arn"]
        let actions = ["ecr:BatchGetImage", "ecr:PutImage", "ecr:GetAuthorizationToken", "s3:GetObject"]
        let evaluator = Evaluator()
        for caller in [sameAccountRole, "arn:aws:iam::444455556666:role/deploy"] {
            for given in [nil, "111122223333"] as [String?] {
                for baseContext in [RequestContext(), context] {
                    let base = AccessRequest(principal: principal(caller), action: "ecr:ListImages", resource: repoARN,
                                             resourceAccount: given, context: baseContext)
                    for action in actions {
                        for resource in resources {
                            let derived = base.with(action: action, resource: resource)
                            let fresh = AccessRequest(principal: principal(caller), action: action, resource: resource,
                                                      resourceAccount: given, context: baseContext)
                            let what = "\(caller) \(given ?? "-") \(action) \(resource)"
                            XCTAssertEqual(derived.resourceAccount, fresh.resourceAccount, what)
                            XCTAssertEqual(derived.isSameAccount, fresh.isSameAccount, what)
                            XCTAssertEqual(derived.contextValue(lowercasedKey: "aws:resourceaccount"), fresh.contextValue(lowercasedKey: "aws:resourceaccount"), what)
                            XCTAssertEqual(evaluator.explain(derived, policies), evaluator.explain(fresh, policies), what)
                        }
                    }
                }
            }
        }
    }
}
