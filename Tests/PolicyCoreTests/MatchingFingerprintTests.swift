import XCTest
@testable import PolicyCore

/// Fingerprints only rule out equality; `==` (Unicode canonical equivalence) still decides it.
final class MatchingFingerprintTests: XCTestCase {

    func testFingerprintsTellASCIITextsApartAndLeaveOtherTextToEquality() {
        XCTAssertTrue(TextFingerprint("ci-platform").mayEqual(TextFingerprint("ci-platform")))
        XCTAssertFalse(TextFingerprint("ci-platform").mayEqual(TextFingerprint("ci-payments")))
        XCTAssertFalse(TextFingerprint("111122223333").mayEqual(TextFingerprint("444455556666")))
        XCTAssertFalse(TextFingerprint("").mayEqual(TextFingerprint("a")))
        // Non-ASCII text and nil are unknown: never ruled out.
        XCTAssertEqual(TextFingerprint("caf\u{E9}"), .unknown)
        XCTAssertEqual(TextFingerprint(nil as String?), .unknown)
        XCTAssertTrue(TextFingerprint("caf\u{E9}").mayEqual(TextFingerprint("cafe\u{301}")))
        XCTAssertTrue(TextFingerprint.unknown.mayEqual(TextFingerprint("x")))
    }

    func testPrincipalEntriesStillMatchByEquality() {
        let policy = compiled(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/Caf\#u{E9}","arn:aws:iam::444455556666:root","arn:aws:iam::111122223333:user/alice"]},"Action":"ecr:BatchGetImage"}]}"#,
                              kind: .repository)
        let evaluator = Evaluator()
        func grant(_ who: String) -> Decision {
            evaluator.evaluate(request(who, "ecr:BatchGetImage"), PolicySet(resource: policy))
        }
        // A decomposed é is canonically equivalent to the precomposed one, and role names fold case.
        XCTAssertTrue(grant("arn:aws:sts::111122223333:assumed-role/cafe\u{301}/s1").isAllowed)
        XCTAssertTrue(grant("arn:aws:iam::111122223333:role/CAF\u{C9}").isAllowed)
        XCTAssertFalse(grant("arn:aws:iam::111122223333:role/cafe").isAllowed)
        XCTAssertTrue(grant(sameAccountUser).isAllowed)
        XCTAssertFalse(grant("arn:aws:iam::111122223333:user/alicia").isAllowed)
        XCTAssertFalse(grant("arn:aws:iam::111122223334:user/alice").isAllowed)
        // The partner account's delegation still needs its identity policies.
        XCTAssertEqual(grant(otherAccountRole).blockedBy, [.identity])
        XCTAssertEqual(grant(otherAccountRole).decidingStatements.count, 1)
    }
}
