import Foundation
import XCTest
@testable import PolicyCore

/// `containsASCII` and `splitKeepingEmpty` answer from the bytes for ASCII text and must answer
/// exactly as the searches they replace, on ASCII text and on text with composed characters (where
/// Foundation's search and a character split do not see what a byte search would).
final class ASCIISearchTests: XCTestCase {
    static let texts = [
        "", "$", "{", "${", "${aws:username}", "arn:aws:ecr:us-east-1:*:repository/x", "a*b", "*", "a\r\n*", "${\r\n",
        "${\u{301}", "*\u{301}", "é${x}", "arn:aws:iam::1234567890\u{301}12:role/a", "x\u{301}:y", ":\u{301}", "a::b:", "::::::::",
        "arn:aws:iam::123456789012:role/path/to/role", "role//x/", "/", "e\u{301}/x", "/\u{301}a",
    ]

    func testContainsASCIIAnswersAsFoundationsSearch() {
        for text in Self.texts {
            for needle in ["${", "*", "?", ":", "a", "ab"] {
                XCTAssertEqual(text.containsASCII(needle), text.contains(needle), "\(text.debugDescription) contains \(needle)")
                let sub = text[...]
                XCTAssertEqual(sub.containsASCII(needle), sub.contains(needle), "\(text.debugDescription)[...] contains \(needle)")
            }
        }
        // The case the fallback exists for: Foundation does not find "${" before a combining mark.
        XCTAssertFalse("${\u{301}".containsASCII("${"))
        XCTAssertTrue("x${a}".containsASCII("${"))
    }

    /// The plain byte search: every occurrence of the bytes, composed characters or not.
    func testContainsBytesFindsTheBytes() {
        XCTAssertTrue("${\u{301}".containsBytes("${"))
        XCTAssertTrue("a//b".containsBytes("//"))
        XCTAssertFalse("a/./".dropLast().containsBytes("/./"))
        XCTAssertTrue("x".containsBytes(""))
        XCTAssertFalse("".containsBytes("a"))
        XCTAssertTrue("ababc".containsBytes("abc"))
        XCTAssertTrue("é".containsBytes("\u{E9}"))
        XCTAssertFalse("abab".containsBytes("abc"))
        // The in-place search at the edges: a needle at the very end, one as long as the text or
        // longer, a first byte that recurs, and slices that start inside their string.
        XCTAssertTrue("xxResource".containsBytes("Resource"))
        XCTAssertTrue("Resource".containsBytes("Resource"))
        XCTAssertFalse("Resourc".containsBytes("Resource"))
        XCTAssertFalse("RRRRRRRe".containsBytes("Resource"))
        XCTAssertTrue("aaab".containsBytes("aab"))
        let text = "{\"Resource\": \"*\"}"
        XCTAssertTrue(text.dropFirst(2).containsBytes("Resource"))
        XCTAssertFalse(text.dropFirst(3).containsBytes("Resource"))
        XCTAssertFalse(text.dropLast(8).containsBytes("Resource"))
        XCTAssertTrue(text.dropLast(7).containsBytes("Resource"))
        XCTAssertTrue(text.containsBytes("\\") == false && "a\\b".containsBytes("\\"))
    }

    func testSplitKeepingEmptySplitsAsTheCharacterSplit() {
        for text in Self.texts {
            for separator: Character in [":", "/"] {
                for maxSplits in [0, 1, 5, Int.max] {
                    XCTAssertEqual(text.splitKeepingEmpty(at: separator, maxSplits: maxSplits),
                                   text.split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: false),
                                   "\(text.debugDescription) at \(separator) max \(maxSplits)")
                }
            }
        }
    }

    /// Every scalar of the Basic Multilingual Plane and a few beyond it, at both ends, trimmed exactly
    /// as `.whitespacesAndNewlines` and `.whitespaces` trim it.
    func testTrimmingBlanksTrimsAsFoundationTrims() {
        for value in Array(UInt32(0)...0xFFFF) + [0x1F600, 0xE0020, 0x10FFFF] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = "x y"
            text.unicodeScalars.insert(scalar, at: text.unicodeScalars.startIndex)
            text.unicodeScalars.append(scalar)
            let hex = String(value, radix: 16)
            XCTAssertEqual(text.trimmingBlanks(newlines: true), text.trimmingCharacters(in: .whitespacesAndNewlines), hex)
            XCTAssertEqual(text[...].trimmingBlanks(newlines: false), text.trimmingCharacters(in: .whitespaces), hex)
        }
        let mixed = "\u{200B}\t \r\n\u{3000}a: b\u{A0}\r\n"
        XCTAssertEqual(mixed.trimmingBlanks(newlines: true), mixed.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
