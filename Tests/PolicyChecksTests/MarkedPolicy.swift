import PolicyChecks
import PolicyCore
import XCTest

/// A policy fixture with expected findings marked inside it, as in the policy core's tests:
/// `«CODE»` right before the text a finding must point at. Markers are stripped before checking;
/// each becomes an expectation of that code at that exact line and column.
struct MarkedPolicy {
    struct Expectation: Equatable, Comparable, CustomStringConvertible {
        var code: String
        var line: Int
        var column: Int
        var description: String { "\(line):\(column) \(code)" }
        static func < (a: Expectation, b: Expectation) -> Bool { (a.line, a.column, a.code) < (b.line, b.column, b.code) }
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

    /// Checks the fixture and asserts that the findings with the given codes are exactly the
    /// marked ones. Returns all findings for further assertions (messages, paths).
    @discardableResult
    func assertFindings(kind: PolicyKind, codes: Set<String>, context: CheckContext = .unknown,
                        file: StaticString = #filePath, line: UInt = #line) -> [Finding] {
        let findings = PolicyChecker().check(text, kind: kind, file: "fixture.json", context: context)
        let actual = findings.filter { codes.contains($0.code) }
            .map { Expectation(code: $0.code, line: $0.span.start.line, column: $0.span.start.column) }
        XCTAssertEqual(actual.sorted(), expectations.sorted(),
                       "findings:\n  " + findings.map { "\($0.span.start) \($0.code) [\($0.path)] \($0.message)" }.joined(separator: "\n  "),
                       file: file, line: line)
        // Every finding of a check rule tells the reviewer what to do, and names its statement.
        let ruleCodes = Set(RuleCatalog.descriptors.map(\.code))
        for finding in findings where ruleCodes.contains(finding.code) {
            XCTAssertFalse(finding.remediation?.isEmpty ?? true, "\(finding.code) has no remediation", file: file, line: line)
            XCTAssertFalse(finding.message.isEmpty, file: file, line: line)
            XCTAssertNotNil(finding.fingerprint, file: file, line: line)
            if finding.code != "MISSING_VERSION" {
                XCTAssertNotNil(finding.statementIndex, "\(finding.code) names no statement", file: file, line: line)
                XCTAssertTrue(finding.path.hasPrefix("Statement"), "\(finding.code) path \(finding.path)", file: file, line: line)
            }
        }
        return findings
    }
}
