import XCTest
@testable import PolicyCore

/// Context lookups compare ASCII keys by bytes; keys outside ASCII keep Swift's `==` (canonical
/// equivalence), so the fast path changes no answer.
final class RequestContextLookupTests: XCTestCase {
    func testASCIIKeysOfEqualLengthAreTellApart() {
        let context = RequestContext(["aws:SecureTransport": .single("true"), "aws:RequestedRegion": .single("eu-west-1"),
                                      "aws:SourceIp": .single("203.0.113.7")])
        XCTAssertEqual(context.value(lowercasedKey: "aws:securetransport"), .single("true"))
        XCTAssertEqual(context.value(lowercasedKey: "aws:requestedregion"), .single("eu-west-1"))
        XCTAssertNil(context.value(lowercasedKey: "aws:requestedregioN"))
        XCTAssertNil(context.value(lowercasedKey: "aws:sourceipx"))
        XCTAssertNil(context.value(lowercasedKey: "aws:sourcei"))
    }

    func testCanonicallyEquivalentKeysStillMatch() {
        // "é" precomposed (2 UTF-8 bytes) and decomposed (3 bytes) are the same key for `==`.
        let context = RequestContext(["aws:PrincipalTag/caf\u{E9}": .single("yes")])
        XCTAssertEqual(context.value(lowercasedKey: "aws:principaltag/cafe\u{301}"), .single("yes"))
        // U+037E GREEK QUESTION MARK is canonically ";": an ASCII key can equal a non-ASCII one.
        let ascii = RequestContext(["aws:PrincipalTag/a;b": .single("x")])
        XCTAssertEqual(ascii.value(lowercasedKey: "aws:principaltag/a\u{37E}b"), .single("x"))
    }

    func testConditionsFindDerivedAndGivenKeys() throws {
        let json = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111122223333","aws:RequestedRegion":"eu-west-1"}}}]}"#
        let result = PolicyParser.parse(json, kind: .identity, file: "p.json")
        let policy = CompiledPolicy(try XCTUnwrap(result.document), name: "p.json", kind: .identity)
        let who = PrincipalIdentity("arn:aws:iam::111122223333:user/alice")!
        func decide(_ region: String) -> Bool {
            let request = AccessRequest(principal: who, action: "ecr:ListImages", resource: "*",
                                        context: RequestContext(["aws:RequestedRegion": .single(region), "aws:SecureTransport": .single("true")]))
            return Evaluator().evaluate(request, PolicySet(identity: [policy])).isAllowed
        }
        XCTAssertTrue(decide("eu-west-1"))
        XCTAssertFalse(decide("eu-west-2"))
    }
}
