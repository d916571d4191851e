import PolicyCore
import XCTest

/// A policy fixture with expected findings marked inside it: `«CODE»` placed right before the text
/// a finding must point at. The markers are stripped before parsing, and each one becomes an
/// expectation of that code at that exact line and column.
struct MarkedPolicy {
    struct Expectation: Equatable, CustomStringConvertible {
        var code: String
        var line: Int
        var column: Int
        var description: String { "\(line):\(column) \(code)" }
    }

    var text: String
    var expectations: [Expectation]

    init(_ marked: String) {
        var text = ""
        var expectations: [Expectation] = []
        var line = 1, column = 1
        var scalars = marked.unicodeScalars[...]
        while let c = scalars.first {
            if c == "«", let close = scalars.firstIndex(of: "»") {
                let code = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                expectations.append(Expectation(code: code, line: line, column: column))
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
            text.unicodeScalars.append(c)
            if c == "\n" { line += 1; column = 1 } else { column += 1 }
            scalars = scalars.dropFirst()
        }
        self.text = text
        self.expectations = expectations
    }

    /// Parses as `kind` and asserts the findings (of the given categories) are exactly the marked ones.
    func assertFindings(kind: PolicyKind, categories: Set<FindingCategory> = [.error], file: StaticString = #filePath, line: UInt = #line) {
        let result = PolicyParser.parse(text, kind: kind, file: "fixture.json")
        let actual = result.findings.filter { categories.contains($0.category) }
            .map { Expectation(code: $0.code, line: $0.span.start.line, column: $0.span.start.column) }
        let sort: (Expectation, Expectation) -> Bool = { ($0.line, $0.column, $0.code) < ($1.line, $1.column, $1.code) }
        XCTAssertEqual(actual.sorted(by: sort), expectations.sorted(by: sort),
                       "findings: " + result.findings.map { "\($0.span.start) \($0.code) [\($0.path)] \($0.message)" }.joined(separator: "\n  "),
                       file: file, line: line)
    }
}
