import PolicyCore
@testable import Reports
import XCTest

final class TerminalSummaryTests: XCTestCase {
    func testColourOnlyOnATerminalWithoutNoColor() {
        XCTAssertTrue(TerminalSummary(isTerminal: true, environment: [:]).useColor)
        XCTAssertTrue(TerminalSummary(isTerminal: true, environment: ["NO_COLOR": ""]).useColor)
        XCTAssertFalse(TerminalSummary(isTerminal: true, environment: ["NO_COLOR": "1"]).useColor)
        XCTAssertFalse(TerminalSummary(isTerminal: true, environment: ["TERM": "dumb"]).useColor)
        XCTAssertFalse(TerminalSummary(isTerminal: false, environment: [:]).useColor)
    }

    func testPlainTextWhenPiped() {
        let text = TerminalSummary(isTerminal: false, environment: [:]).render(SampleReports.failing())
        XCTAssertFalse(text.contains("\u{1B}["))
        XCTAssertTrue(text.hasPrefix("ecrguard 0.1.0 audit of policies/: FAILED (exit 1; fail on high and above)\n"), text)
        XCTAssertTrue(text.contains("Findings: 1 critical, 1 high, 0 medium, 1 low, 1 info (1 suppressed)"), text)
        XCTAssertTrue(text.contains("  CRITICAL PUBLIC_ACCESS policies/repositories/employee-api.json:14:20 Statement[1].Principal [fails gate]"), text)
        XCTAssertTrue(text.contains("  FAIL anonymous cannot push employee-api: expected denied, got allowed"), text)
        XCTAssertTrue(text.contains("  FAILS employee-api \u{2192} 210987654321/us-west-2:"), text)
        XCTAssertFalse(text.contains("Org-wide pull"), "suppressed findings are not listed")
        // Gate failures come first.
        let critical = text.range(of: "PUBLIC_ACCESS")!.lowerBound, low = text.range(of: "MISSING_VERSION")!.lowerBound
        XCTAssertLessThan(critical, low)
    }

    func testColouredOnATerminal() {
        let text = TerminalSummary(isTerminal: true, environment: [:]).render(SampleReports.failing())
        XCTAssertTrue(text.contains("\u{1B}[1;31mFAILED\u{1B}[0m"), text)
        XCTAssertTrue(text.contains("\u{1B}[1;31mCRITICAL\u{1B}[0m"), text)
    }

    func testLongListsAreCut() {
        var report = SampleReports.failing()
        let finding = report.findings[2].finding
        report.findings = (0..<120).map { i in
            var copy = finding
            copy.span.start.line = i + 1
            return ReportedFinding(copy, failsGate: false)
        }
        let text = TerminalSummary(useColor: false, maximumFindings: 10).render(report)
        XCTAssertTrue(text.contains("\u{2026} and 110 more (see report.html)"), text)
    }
}
