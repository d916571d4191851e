import PolicyCore
import XCTest

/// The byte-level string helpers against what the `unicodeScalars` and UTF-8 views give.
final class UTF8TextTests: XCTestCase {
    static let texts = ["", "a", "plain ascii line", "caf\u{E9}", "cafe\u{301}", "e\u{301}\u{301}x", "\u{1F600}\u{1F1EB}\u{1F1F7}!",
                        "\u{4E2D}\u{6587} mixed \u{00FF}", "\u{FEFF}bom", "\t\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
                        String(repeating: "long ", count: 40), "ec2:CreateKeyPair", "ec2:Create\u{212A}eyPair"]

    func testCountIsTheScalarCount() {
        for text in Self.texts {
            XCTAssertEqual(UTF8Scalars.count(text), text.unicodeScalars.count, text.debugDescription)
        }
    }

    func testOffsetIsWhereTheScalarViewPutsTheScalar() {
        for text in Self.texts {
            var bytes = text
            let count = text.unicodeScalars.count
            bytes.withUTF8 { buffer in
                for n in 0...(count + 2) {
                    let view = text.unicodeScalars
                    let index = view.index(view.startIndex, offsetBy: n, limitedBy: view.endIndex) ?? view.endIndex
                    XCTAssertEqual(UTF8Scalars.offset(ofScalar: n, in: buffer, from: 0), text.utf8.distance(from: text.utf8.startIndex, to: index),
                                   "\(text.debugDescription) \(n)")
                }
            }
        }
    }

    /// Same bytes, not canonical equivalence: `é` and `e` + U+0301 are equal Strings with different bytes.
    func testSameBytesIsByteEquality() {
        for a in Self.texts {
            for b in Self.texts {
                XCTAssertEqual(a.hasSameBytes(as: b), Array(a.utf8) == Array(b.utf8), "\(a.debugDescription) \(b.debugDescription)")
            }
        }
        XCTAssertEqual("caf\u{E9}", "cafe\u{301}")
        XCTAssertFalse("caf\u{E9}".hasSameBytes(as: "cafe\u{301}"))
        // A bridged or substring-backed string is compared by its bytes too.
        let slice = "xxcaf\u{E9}"
        XCTAssertTrue(String(slice.dropFirst(2)).hasSameBytes(as: "caf\u{E9}"))
    }

    /// `joinedText` writes what the standard library's `joined(separator:)` writes.
    func testJoinedTextMatchesJoined() {
        for parts in [[], [""], ["a"], ["a", ""], ["", "b", ""], ["host", "x-amz-date", "é"], ["e\u{301}", "😀"]] as [[String]] {
            for separator in ["", ";", "\n", ", ", "\u{301}"] {
                XCTAssertTrue(parts.joinedText(separator: separator).hasSameBytes(as: parts.joined(separator: separator)), "\(parts) \(separator.debugDescription)")
            }
        }
    }

    /// `ExactText` keys tell canonically equivalent texts apart, in `==` and in a dictionary.
    func testExactTextKeysByBytes() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        XCTAssertEqual(composed, decomposed, "the premise: String equality is canonical equivalence")
        XCTAssertNotEqual(ExactText(composed), ExactText(decomposed))
        XCTAssertEqual(ExactText(composed), ExactText("caf" + "\u{E9}"))
        var table: [ExactText: Int] = [:]
        for (index, text) in [composed, decomposed, "ec2:Create\u{212A}eyPair", "ec2:CreateKeyPair", composed].enumerated() {
            table[ExactText(text), default: index] += 0
        }
        XCTAssertEqual(table.count, 4)
        XCTAssertEqual(table[ExactText(decomposed)], 1)
    }
}
