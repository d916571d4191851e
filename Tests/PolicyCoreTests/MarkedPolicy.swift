import PolicyCore
import TestSupport
import XCTest

/// The shared fixture type (Tests/TestSupport), usable in this target without importing it.
typealias MarkedPolicy = TestSupport.MarkedPolicy

extension MarkedPolicy {
    /// Parses as `kind` and asserts the findings (of the given categories) are exactly the marked ones.
    func assertFindings(kind: PolicyKind, categories: Set<FindingCategory> = [.error], file: StaticString = #filePath, line: UInt = #line) {
        let result = PolicyParser.parse(text, kind: kind, file: "fixture.json")
        let actual = result.findings.filter { categories.contains($0.category) }
            .map { Expectation(code: $0.code, line: $0.span.start.line, column: $0.span.start.column) }
        XCTAssertEqual(actual.sorted(), expectations.sorted(),
                       "findings: " + result.findings.map { "\($0.span.start) \($0.code) [\($0.path)] \($0.message)" }.joined(separator: "\n  "),
                       file: file, line: line)
    }
}
