import PolicyChecks
import PolicyCore
import TestSupport
import XCTest

/// The shared fixture type (Tests/TestSupport), usable in this target without importing it.
typealias MarkedPolicy = TestSupport.MarkedPolicy

/// Assertions on marked fixtures (see TestSupport.MarkedPolicy) through the full checker.
extension MarkedPolicy {
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

extension MarkedPolicy {
    /// Runs `rule` alone (after the policy core's parse, whose own codes are ignored) and asserts
    /// that its findings are exactly the marked ones, and, when `message` is given, that the first
    /// finding says exactly that. A fixture without markers asserts the rule stays quiet.
    @discardableResult
    func assertRule(_ rule: some PolicyRule, kind: PolicyKind = .repository, context: CheckContext = .unknown, message: String? = nil,
                    file: StaticString = #filePath, line: UInt = #line) -> [Finding] {
        let codes = Set(rule.descriptors.map(\.code))
        let findings = PolicyChecker(rules: [rule]).check(text, kind: kind, file: "fixture.json", context: context)
            .filter { codes.contains($0.code) }
        let actual = findings.map { Expectation(code: $0.code, line: $0.span.start.line, column: $0.span.start.column) }
        XCTAssertEqual(actual.sorted(), expectations.sorted(),
                       "findings:\n  " + findings.map { "\($0.span.start) \($0.code) \($0.message)" }.joined(separator: "\n  "),
                       file: file, line: line)
        if let message {
            XCTAssertEqual(findings.first?.message, message, file: file, line: line)
        }
        for finding in findings {
            XCTAssertFalse(finding.remediation?.isEmpty ?? true, "\(finding.code) has no remediation", file: file, line: line)
            XCTAssertNotNil(finding.statementIndex, "\(finding.code) names no statement", file: file, line: line)
        }
        return findings
    }
}
