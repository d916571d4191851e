import TestSupport
import XCTest
@testable import PolicyCore

/// Every matching strategy of `WildcardPattern` (exact, prefix, chunks, greedy, general) must
/// answer as the textbook recursive definition of a glob, for generated patterns and texts.
final class MatchingWildcardShapeTests: XCTestCase {

    /// The definition, by recursion over pattern and text (exponential, fine for short inputs).
    func reference(_ p: ArraySlice<WildcardPattern.Token>, _ t: ArraySlice<UInt8>, caseInsensitive: Bool) -> Bool {
        guard let first = p.first else { return t.isEmpty }
        switch first {
        case .byte(let b):
            guard let c = t.first, b == (caseInsensitive ? asciiLower(c) : c) else { return false }
            return reference(p.dropFirst(), t.dropFirst(), caseInsensitive: caseInsensitive)
        case .one(let crosses):
            guard let c = t.first, crosses || c != UInt8(ascii: ":") else { return false }
            return reference(p.dropFirst(), t.dropFirst(), caseInsensitive: caseInsensitive)
        case .many(let crosses):
            var rest = t
            while true {
                if reference(p.dropFirst(), rest, caseInsensitive: caseInsensitive) { return true }
                guard let c = rest.first, crosses || c != UInt8(ascii: ":") else { return false }
                rest = rest.dropFirst()
            }
        }
    }

    func testEveryShapeAgreesWithTheDefinition() {
        var g = SplitMix64(seed: 7_2026_1130)
        let letters: [UInt8] = Array("ab:/".utf8)
        var shapes: [WildcardPattern.Shape: Int] = [:]
        var matched = 0
        for round in 0..<6_000 {
            // Mostly `*`-only patterns (the chunk shape), some with `?` or colon-bound `*`.
            let kinds = round % 3 == 0 ? 5 : 3
            let tokens: [WildcardPattern.Token] = (0..<Int.random(in: 0...7, using: &g)).map { _ in
                switch Int.random(in: 0..<kinds + 2, using: &g) {
                case 0, 1: .many(crossesColon: true)
                case 5: .many(crossesColon: false)
                case 6: .one(crossesColon: Bool.random(using: &g))
                default: .byte(letters.randomElement(using: &g)!)
                }
            }
            let caseInsensitive = round % 4 == 0
            let pattern = WildcardPattern(tokens: tokens, caseInsensitive: caseInsensitive)
            shapes[pattern.shape, default: 0] += 1
            for _ in 0..<8 {
                let text = (0..<Int.random(in: 0...9, using: &g)).map { _ in
                    let b = letters.randomElement(using: &g)!
                    return caseInsensitive && Bool.random(using: &g) && b >= 97 ? b - 32 : b
                }
                let expected = reference(tokens[...], text[...], caseInsensitive: caseInsensitive)
                XCTAssertEqual(pattern.matches(bytes: text), expected, "\(tokens) on \(String(decoding: text, as: UTF8.self))")
                if expected { matched += 1 }
            }
        }
        for shape in [WildcardPattern.Shape.anything, .exact, .prefix, .chunks, .greedy, .general] {
            XCTAssertGreaterThan(shapes[shape] ?? 0, 50, "\(shape) was hardly generated")
        }
        XCTAssertGreaterThan(matched, 5_000)
    }

    func testResourceARNPatternsTakeTheChunkShape() {
        var t = PatternTokenizer(dialect: .resourceARN, caseInsensitive: false)
        t.appendPattern("arn:aws:ecr:*:111122223333:repository/*")
        let p = t.build()!
        XCTAssertEqual(p.shape, .chunks)
        XCTAssertTrue(p.matches("arn:aws:ecr:eu-west-1:111122223333:repository/payments-service-0"))
        XCTAssertFalse(p.matches("arn:aws:ecr:eu-west-1:444455556666:repository/payments-service-0"))
        XCTAssertFalse(p.matches("arn:aws:ecr:eu-west-1:111122223333:repositor"))
    }
}
