@testable import PolicyChecks
import XCTest

/// A pattern without wildcards is matched by comparing bytes; the answer must be the automaton's.
final class PatternSolverTests: XCTestCase {
    func testLiteralMatchingEqualsStepping() {
        let patterns = ["o-a1b2c3d4e5", "O-A1B2", "123456789012", "", "arn:aws:iam::123456789012:role/ci", "o-a1*", "o-?1b2c3d4e5", "caf\u{E9}"]
        let texts = ["o-a1b2c3d4e5", "O-A1B2C3D4E5", "o-a1b2", "o-a1b2c3d4e50", "", "123456789012", "12345678901", "arn:aws:iam::123456789012:role/ci",
                     "ARN:aws:iam::123456789012:role/CI", "caf\u{E9}", "CAF\u{C9}", "o-x1b2c3d4e5"]
        for text in patterns {
            for caseInsensitive in [false, true] {
                let pattern = PatternSolver.Pattern(text, wildcards: true, caseInsensitive: caseInsensitive)
                for value in texts {
                    var state = pattern.start
                    for b in value.utf8 { state = pattern.step(state, b) }
                    XCTAssertEqual(pattern.matches(value), state[pattern.tokens.count], "\(text) \(caseInsensitive) \(value)")
                }
            }
        }
    }

    /// Answers written out by hand, so the wildcard rows do not only compare the automaton with itself.
    func testKnownAnswers() {
        let cases: [(pattern: String, caseInsensitive: Bool, text: String, matches: Bool)] = [
            ("o-a1*", false, "o-a1b2c3d4e5", true), ("o-a1*", false, "o-a1", true), ("o-a1*", false, "O-A1B2", false),
            ("o-a1*", true, "O-A1B2C3D4E5", true), ("o-a1*", false, "o-x1", false),
            ("o-?1b2c3d4e5", false, "o-x1b2c3d4e5", true), ("o-?1b2c3d4e5", false, "o-1b2c3d4e5", false), ("o-?1b2c3d4e5", false, "o-a1b2", false),
            ("O-A1B2", true, "o-a1b2", true), ("O-A1B2", false, "o-a1b2", false), ("123456789012", false, "12345678901", false),
            ("", false, "", true), ("", false, "x", false),
        ]
        for c in cases {
            XCTAssertEqual(PatternSolver.Pattern(c.pattern, wildcards: true, caseInsensitive: c.caseInsensitive).matches(c.text), c.matches,
                           "\(c.pattern) \(c.caseInsensitive) \(c.text)")
        }
    }
}
