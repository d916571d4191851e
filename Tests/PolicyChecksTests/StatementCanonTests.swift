import XCTest
import PolicyCore
@testable import PolicyChecks

/// Fingerprints hash each statement's canonical text: `StatementCanon` writes it from the JSON tree
/// directly and must give exactly the bytes of `OrderedJSON(node).rendered(.canonical)`, which it
/// replaced (a changed byte would change every baseline's fingerprints).
final class StatementCanonTests: XCTestCase {
    func testCanonicalTextIsOrderedJSONsCanonicalRendering() throws {
        let texts = [
            #"{"Sid": "A", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}"#,
            #"{"b": 1, "a": [true, false, null, -2.50e3, 0], "A": {}, "": [], "é": "x\"y\\z\n\t\u0001", "a": "duplicate"}"#,
            #"{"Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]}, "Bool": {"aws:SecureTransport": "true"}}}"#,
            #"{"z": {"y": {"x": [{"w": 1, "v": 2}, [], [[]], "\u00e9\ud83d\ude00"]}}, "Z": "upper", "_": "under", "10": 1, "9": 2}"#,
            #"{"k": 1, "k": 2, "k": {"b": 0, "a": 0}, "j": 3}"#,
            #"[]"#, #""plain""#, #"12.0"#,
        ]
        for text in texts {
            let node = try JSONParser.parse(text)
            XCTAssertEqual(StatementCanon.canonical(node), OrderedJSON(node).rendered(.canonical), text)
        }
        // Many members with equal keys: the sort's order among duplicates must match too.
        let many = "{" + (0..<40).map { #""k\#($0 % 3)": \#($0)"# }.joined(separator: ", ") + "}"
        let node = try JSONParser.parse(many)
        XCTAssertEqual(StatementCanon.canonical(node), OrderedJSON(node).rendered(.canonical))
    }
}

/// Baselines store fingerprints: their digits must not change when the hashing is rewritten.
final class FingerprintDigitsTests: XCTestCase {
    func testFingerprintIsTwoFNV1aHashesInHex() {
        // Computed independently: FNV-1a (64-bit, prime 0x100000001b3) of the UTF-8 of
        // "C␟f.json␟Statement[].Action␟{"a":"é"}" from offset bases 0xcbf29ce484222325 and
        // 0x84222325cbf29ce4, each as 16 zero-padded lower-case hex digits.
        XCTAssertEqual(Fingerprint.of(code: "C", file: "f.json", path: "Statement[3].Action", statement: #"{"a":"é"}"#),
                       "1032772cb227f60dc195a1eb6901e14c")
    }
}
