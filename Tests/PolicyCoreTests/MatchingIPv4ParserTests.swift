import TestSupport
import XCTest
@testable import PolicyCore

/// The byte-level IPv4 parser accepts exactly the dotted quads the split-based definition did.
final class MatchingIPv4ParserTests: XCTestCase {

    /// The definition: four dot-separated parts, each one to three ASCII digits, at most 255.
    func reference(_ s: Substring) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = UInt32(p), n <= 255 else { return nil }
            value = value << 8 | n
        }
        return value
    }

    func testKnownAddresses() {
        XCTAssertEqual(IPAddress.parseIPv4("203.0.113.7"), 0xCB00_7107)
        XCTAssertEqual(IPAddress.parseIPv4("0.0.0.0"), 0)
        XCTAssertEqual(IPAddress.parseIPv4("255.255.255.255"), 0xFFFF_FFFF)
        XCTAssertEqual(IPAddress.parseIPv4("010.001.000.009"), 0x0A01_0009)
        for bad in ["", ".", "1.2.3", "1.2.3.4.5", "1..3.4", "1.2.3.", ".1.2.3", "256.1.1.1", "1.2.3.4444", "0001.2.3.4",
                    "1.2.3.-4", "1.2.3.4 ", "a.b.c.d", "1.2.3.٤", "1.2.3.4/8"] {
            XCTAssertNil(IPAddress.parseIPv4(Substring(bad)), bad)
        }
    }

    func testAgreesWithTheDefinitionOnGeneratedText() {
        var g = SplitMix64(seed: 4_2026_1130)
        let alphabet: [Character] = ["0", "1", "2", "5", "9", ".", ".", ".", "a", " ", "-", "٣"]
        var accepted = 0
        for _ in 0..<20_000 {
            var text = ""
            if Bool.random(using: &g) {
                // Mostly well-formed: four numbers, sometimes out of range or padded.
                text = (0..<4).map { _ in String(Int.random(in: 0...300, using: &g)) }.joined(separator: ".")
                if Int.random(in: 0..<4, using: &g) == 0 { text.insert(alphabet.randomElement(using: &g)!, at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &g))) }
            } else {
                text = String((0..<Int.random(in: 0...16, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
            }
            let expected = reference(Substring(text))
            XCTAssertEqual(IPAddress.parseIPv4(Substring(text)), expected, text)
            if expected != nil { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 3_000)
    }
}
