import PolicyCore
@testable import Reports
import XCTest

final class SourceExcerptTests: XCTestCase {
    private func span(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceSpan {
        SourceSpan(start: SourcePosition(line: l1, column: c1, offset: 0), end: SourcePosition(line: l2, column: c2, offset: 0))
    }

    func testMarksTheSpanOnOneLineWithContext() {
        let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Principal\": \"*\",\n  \"Effect\": \"Allow\"\n}\n"
        let excerpt = SourceExcerpt(text: text, span: span(3, 16, 3, 19), contextLines: 1)
        XCTAssertEqual(excerpt.lines.map(\.number), [2, 3, 4])
        let marked = excerpt.lines[1]
        XCTAssertTrue(marked.isInSpan)
        XCTAssertEqual(marked.segments.before, "  \"Principal\": ")
        XCTAssertEqual(marked.segments.marked, "\"*\"")
        XCTAssertEqual(marked.segments.after, ",")
        XCTAssertNil(excerpt.lines[0].mark)
    }

    func testMultiLineSpanMarksFromStartToEnd() {
        let text = "a\nbcd\nefg\nh"
        let excerpt = SourceExcerpt(text: text, span: span(2, 2, 3, 2), contextLines: 0)
        XCTAssertEqual(excerpt.lines.map(\.segments.marked), ["cd", "e"])
    }

    func testColumnsCountUnicodeScalars() {
        let text = "{\"Sid\": \"é🔒x\"}"
        // 🔒 is column 11 (scalars: { " S i d " : space " é 🔒)
        let excerpt = SourceExcerpt(text: text, span: span(1, 11, 1, 12), contextLines: 0)
        XCTAssertEqual(excerpt.lines[0].segments.marked, "🔒")
    }

    func testEmptySpanMarksOneCharacterAndClampsOutOfRange() {
        let excerpt = SourceExcerpt(text: "{}\n", span: .unknown, contextLines: 3)
        XCTAssertEqual(excerpt.lines.count, 1)
        XCTAssertEqual(excerpt.lines[0].segments.marked, "{")
        let beyond = SourceExcerpt(text: "{}", span: span(9, 40, 9, 41), contextLines: 0)
        XCTAssertEqual(beyond.lines.map(\.number), [1])
        XCTAssertTrue(beyond.lines[0].isInSpan)
        XCTAssertNil(beyond.lines[0].mark)
    }

    func testLongLinesAreClippedAroundTheMark() {
        let text = String(repeating: "x", count: 1000) + "TARGET" + String(repeating: "y", count: 1000)
        let excerpt = SourceExcerpt(text: text, span: span(1, 1001, 1, 1007), contextLines: 0)
        let line = excerpt.lines[0]
        XCTAssertLessThanOrEqual(line.text.unicodeScalars.count, SourceExcerpt.maximumLineLength + 2)
        XCTAssertEqual(line.segments.marked, "TARGET")
        XCTAssertTrue(line.text.hasPrefix("…") && line.text.hasSuffix("…"))
    }

    /// Excerpts prepared for writers rendering at the same time are each finding's own: what the
    /// excerpt made on demand is, for every finding and both numbers of context lines, over files
    /// whose names sort otherwise than the findings come, files with several findings, a file with
    /// no source (no excerpt) and a finding of another report (made on demand, not prepared).
    func testPreparedExcerptsAreEachFindingsOwn() {
        let names = ["b/p.json", "a/z.json", "a/p.json", "c.json", "a/p.json.bak", "A.json"]
        var sources: [String: String] = [:]
        for name in names.dropLast() {
            sources[name] = (1...14).map { "line \($0) of \(name)" }.joined(separator: "\n")
        }
        var findings: [ReportedFinding] = []
        for (index, name) in names.enumerated() {
            for line in [2 + index, 9, 13 - index] {
                let finding = Finding(code: "CODE_\(line % 3)", severity: .high, category: .securityWarning, file: name,
                                      span: span(line, 1, line, 5), path: "Statement[0]", message: "m \(line)")
                findings.append(ReportedFinding(finding, failsGate: true))
            }
        }
        let report = AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: [], generatedAt: SampleReports.generatedAt,
                                                           threshold: .high, verdict: .fail),
                                 findings: findings, sources: sources)
        let sorted = report.findings.sorted(by: ReportOrdering.reportedPrecedes)
        XCTAssertNotEqual(sorted, report.findings, "the report order must differ from the input order for this test to mean anything")
        let prepared = PreparedExcerpts(report, sorted: sorted, contextLines: [2, 0], workers: 3)
        let fromPrepared = SourceExcerpts(report, prepared: prepared)
        let onDemand = SourceExcerpts(report)
        for reported in findings {
            let finding = reported.finding
            for context in [2, 0] {
                let expected = onDemand.excerpt(for: finding, contextLines: context)
                XCTAssertEqual(prepared.excerpt(file: finding.file, span: finding.span, contextLines: context), .some(expected),
                               "\(finding.file) line \(finding.span.start.line), \(context) lines of context: prepared")
                XCTAssertEqual(fromPrepared.excerpt(for: finding, contextLines: context), expected)
            }
            XCTAssertEqual(onDemand.excerpt(for: finding)?.lines.contains { $0.text.hasSuffix(" of \(finding.file)") } ?? false,
                           sources[finding.file] != nil, "the excerpt is of the finding's own file")
        }
        XCTAssertNil(onDemand.excerpt(for: findings.last!.finding), "a file without source has no excerpt")
        // Asked in report order (the next file, or the same: no search), backwards, and with the
        // hint anywhere, the answers are the searched ones.
        for order in [sorted, sorted.reversed(), findings + sorted] {
            let inTurn = SourceExcerpts(report, prepared: prepared)
            for reported in order {
                for context in [2, 0] {
                    XCTAssertEqual(inTurn.excerpt(for: reported.finding, contextLines: context), onDemand.excerpt(for: reported.finding, contextLines: context))
                }
            }
        }
        for reported in findings {
            for start in [-5, 0, 1, 2, 3, 4, 5, 6, 40] {
                var hint = start
                XCTAssertEqual(prepared.excerpt(file: reported.finding.file, span: reported.finding.span, contextLines: 2, near: &hint),
                               prepared.excerpt(file: reported.finding.file, span: reported.finding.span, contextLines: 2))
            }
        }
        var hint = 2
        XCTAssertEqual(prepared.excerpt(file: "a/q.json", span: span(4, 1, 4, 2), contextLines: 2, near: &hint), SourceExcerpt??.none)
        XCTAssertEqual(hint, 2, "a file not found leaves the hint")
        var other = findings[0].finding
        other.file = "a/q.json"
        other.span = span(4, 1, 4, 2)
        XCTAssertEqual(prepared.excerpt(file: other.file, span: other.span, contextLines: 2), SourceExcerpt??.none, "not in the report: not prepared")
        XCTAssertEqual(prepared.excerpt(file: "b/p.json", span: span(1, 1, 1, 1), contextLines: 2), SourceExcerpt??.none, "no finding there: not prepared")
        XCTAssertEqual(prepared.excerpt(file: "b/p.json", span: findings[0].finding.span, contextLines: 1), SourceExcerpt??.none, "not prepared with 1 line of context")
        XCTAssertNil(fromPrepared.excerpt(for: other), "no source for a file of another report")
    }
}

/// `SourceLines` finds the lines the earlier splitting into strings gave (kept here as the reference).
final class SourceLinesTests: XCTestCase {
    static func splitLines(_ text: String) -> [String] {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return String(Substring(trimmed))
        }
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }

    func testSameLinesAsSplittingIntoStrings() {
        let texts = ["", "\n", "\n\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\n\r", "\r", "\r\n", "a\n\n", "x\r\r\ny",
                     "{\n  \"Sid\": \"caf\u{E9}\"\n}\n", "\u{1F600}\n\u{301}e\r\n", String(repeating: "line\n", count: 50) + "end"]
        for text in texts {
            let lines = SourceLines(text)
            XCTAssertEqual((0..<lines.count).map { lines[$0] }, Self.splitLines(text), text.debugDescription)
        }
    }
}

/// Lines are cut over their UTF-8 bytes where the `unicodeScalars` view cuts them (kept here as the reference).
final class SourceExcerptSegmentsTests: XCTestCase {
    static let texts = ["", "a", "plain ascii line", "caf\u{E9}", "e\u{301}\u{301}x", "\u{1F600}\u{1F1EB}\u{1F1F7}!", "\u{4E2D}\u{6587} mixed \u{00FF}",
                        "\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}", "\u{FEFF}bom", "\t\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}"]

    static func referenceSegments(_ text: String, _ mark: SourceExcerpt.Mark) -> (String, String, String) {
        let view = text.unicodeScalars
        let start = view.index(view.startIndex, offsetBy: max(0, mark.start), limitedBy: view.endIndex) ?? view.endIndex
        let end = view.index(start, offsetBy: max(0, mark.end - max(0, mark.start)), limitedBy: view.endIndex) ?? view.endIndex
        return (String(view[..<start]), String(view[start..<end]), String(view[end...]))
    }

    /// Every mark from before the start to past the end, empty and reversed ones included.
    func testSegmentsCutWhereTheScalarViewCuts() {
        for text in Self.texts {
            let count = text.unicodeScalars.count
            for start in -2...(count + 2) {
                for end in (start - 2)...(count + 3) {
                    let mark = SourceExcerpt.Mark(start: start, end: end)
                    let line = SourceExcerpt.Line(number: 1, text: text, mark: mark, isInSpan: true)
                    let cut = line.segments, expected = Self.referenceSegments(text, mark)
                    XCTAssertTrue(cut == expected, "\(text.debugDescription) \(start)..<\(end): \(cut) != \(expected)")
                }
            }
        }
    }
}
