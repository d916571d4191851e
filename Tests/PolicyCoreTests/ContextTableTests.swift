import XCTest
@testable import PolicyCore

/// The request's flat context table answers as the layered lookup it replaced: the request's own
/// keys, then the principal's derived keys, then `aws:ResourceAccount`; keys compared as `==` does.
final class ContextTableTests: XCTestCase {
    let alice = PrincipalIdentity("arn:aws:iam::111122223333:user/alice")!
    let repository = "arn:aws:ecr:eu-west-1:444455556666:repository/app"

    func testOwnKeysShadowDerivedOnes() {
        let plain = AccessRequest(principal: alice, action: "ecr:BatchGetImage", resource: repository,
                                  context: RequestContext(["aws:SourceIp": .single("203.0.113.7")]))
        XCTAssertEqual(plain.contextValue(lowercasedKey: "aws:sourceip"), .single("203.0.113.7"))
        XCTAssertEqual(plain.contextValue(lowercasedKey: "aws:principalaccount"), .single("111122223333"))
        XCTAssertEqual(plain.contextValue(lowercasedKey: "aws:username"), .single("alice"))
        XCTAssertEqual(plain.contextValue(lowercasedKey: "aws:resourceaccount"), .single("444455556666"))
        XCTAssertNil(plain.contextValue(lowercasedKey: "aws:principalorgid"))
        XCTAssertNil(plain.contextValue(lowercasedKey: "aws:sourceipx"))

        let shadowed = AccessRequest(principal: alice, action: "ecr:BatchGetImage", resource: repository,
                                     context: RequestContext(["aws:PrincipalAccount": .single("999988887777"),
                                                              "aws:ResourceAccount": .single("000011112222")]))
        XCTAssertEqual(shadowed.contextValue(lowercasedKey: "aws:principalaccount"), .single("999988887777"))
        XCTAssertEqual(shadowed.contextValue(lowercasedKey: "aws:resourceaccount"), .single("000011112222"))
        XCTAssertEqual(shadowed.contextValue(lowercasedKey: "aws:principalarn"), .single(alice.arn))
    }

    func testKeysOutsideASCIIAreComparedByCanonicalEquivalence() {
        let request = AccessRequest(principal: alice, action: "ecr:BatchGetImage", resource: repository,
                                    context: RequestContext(["aws:PrincipalTag/caf\u{E9}": .single("yes"), "aws:PrincipalTag/a;b": .single("x")]))
        XCTAssertEqual(request.contextValue(lowercasedKey: "aws:principaltag/cafe\u{301}"), .single("yes"))
        XCTAssertEqual(request.contextValue(lowercasedKey: "aws:principaltag/caf\u{E9}"), .single("yes"))
        // U+037E GREEK QUESTION MARK is canonically ";": a non-ASCII key can equal an ASCII one.
        XCTAssertEqual(request.contextValue(lowercasedKey: "aws:principaltag/a\u{37E}b"), .single("x"))
        XCTAssertNil(request.contextValue(lowercasedKey: "aws:principaltag/cafe"))
    }

    func testManyKeysAreAllFound() {
        var values: [String: ContextValue] = [:]
        for i in 0..<40 { values["aws:PrincipalTag/k\(i)"] = .single("v\(i)") }
        let request = AccessRequest(principal: alice, action: "ecr:BatchGetImage", resource: repository, context: RequestContext(values))
        for i in 0..<40 { XCTAssertEqual(request.contextValue(lowercasedKey: "aws:principaltag/k\(i)"), .single("v\(i)")) }
        XCTAssertNil(request.contextValue(lowercasedKey: "aws:principaltag/k40"))
    }
}
