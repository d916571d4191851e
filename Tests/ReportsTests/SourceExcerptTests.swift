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
