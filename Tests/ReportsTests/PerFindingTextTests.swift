import Foundation
import PolicyCore
@testable import Reports
import TestSupport
import XCTest

/// The texts the writers make for every finding (assembled over bytes, or constants) against the
/// interpolations they replace, on hostile input: controls, `]]>`, quotes, non-ASCII, combining
/// marks, emoji, and integers of every sign and width.
final class PerFindingTextTests: XCTestCase {
    static let texts: [String] = MarkupWriterTests.hostile + [
        "policies/repo.json", "e\u{301}\u{1F469}\u{200D}\u{1F4BB}.json", "\u{1F1EB}\u{1F1F7}/\u{301}", "a:b:c", "Statement[0]", "\u{0}", "\u{1F}",
        "PUBLIC_ACCESS", "rule code", "r\u{E9}gle", "\u{10FFFF}", String(repeating: "\u{1F600}", count: 40),
    ]
    static let integers = [0, 1, 9, 10, 99, 12_345_678, 123_456_789, -1, -7, -12_345_678, -123_456_789, Int.max, Int.min]

    private func finding(file: String, line: Int, column: Int, index: Int?, sid: String?) -> Finding {
        Finding(code: "CODE", severity: .high, category: .securityWarning, file: file,
                span: SourceSpan(start: SourcePosition(line: line, column: column, offset: 0), end: SourcePosition(line: line, column: column, offset: 0)),
                path: "", statementIndex: index, sid: sid, message: "m")
    }

    func testDecimalsAreThoseOfStringPadded() {
        for value in Self.integers + Array(-1_100...1_100) {
            for width in [0, 1, 3, 8, 20] {
                let s = String(value)
                let reference = String(repeating: "0", count: max(0, width - s.count)) + s
                XCTAssertEqual(AssembledText.string(capacity: max(width, AssembledText.decimalLimit)) { $0.append(decimal: value, width: width) }, reference)
            }
        }
    }

    func testLocationAndStatementAreTheInterpolatedTexts() {
        for text in Self.texts {
            for (line, column) in zip(Self.integers, Self.integers.reversed()) {
                let f = finding(file: text, line: line, column: column, index: nil, sid: nil)
                // (Positions are stored clamped to 0...UInt32.max.)
                XCTAssertTrue(FindingText.location(f).hasSameBytes(as: "\(text):\(f.span.start.line):\(f.span.start.column)"), text.debugDescription)
            }
            for index in [nil] + Self.integers.map(Optional.some) {
                for sid in [nil, "", text] {
                    let reference: String? = switch (index, sid) {
                    case let (index?, sid?) where !sid.isEmpty: "Statement[\(index)] \"\(sid)\""
                    case let (index?, _): "Statement[\(index)]"
                    case let (nil, sid?) where !sid.isEmpty: "\"\(sid)\""
                    default: nil
                    }
                    let made = FindingText.statement(finding(file: "f", line: 1, column: 1, index: index, sid: sid))
                    XCTAssertEqual(made == nil, reference == nil)
                    if let made, let reference { XCTAssertTrue(made.hasSameBytes(as: reference), "\(index as Any) \(sid.debugDescription)") }
                }
            }
        }
    }

    /// One `-` per Unicode scalar that is not `[A-Za-z0-9_-]` (the scalar walk the byte walk replaces).
    func testAnchorsMapEachScalar() {
        for text in Self.texts {
            let cleaned = text.unicodeScalars.map { scalar -> Character in
                let v = scalar.value
                return (65...90).contains(v) || (97...122).contains(v) || (48...57).contains(v) || v == 95 || v == 45 ? Character(scalar) : "-"
            }
            XCTAssertTrue(H.anchor("rule", text).hasSameBytes(as: "rule-" + String(cleaned)), text.debugDescription)
            XCTAssertTrue(H.anchor("#rule", text).hasSameBytes(as: "#" + H.anchor("rule", text)))
        }
        for number in [1, 9, 10, 10_001, 123_456_789] {
            XCTAssertEqual(H.findingAnchor(number, link: false), "finding-\(number)")
            XCTAssertEqual(H.findingAnchor(number, link: true), "#finding-\(number)")
        }
    }

    func testSeverityClassesAreTheInterpolatedOnes() {
        for severity in Severity.allCases {
            XCTAssertEqual(H.badgeClass(severity), "badge sev-\(severity.rawValue)")
            XCTAssertEqual(H.findingClass(severity, suppressed: false), "finding sev-\(severity.rawValue)")
            XCTAssertEqual(H.findingClass(severity, suppressed: true), "finding sev-\(severity.rawValue) suppressed")
        }
    }

    /// The sort key is now separated by U+FFFD, which is what the writer made of the U+001F it had:
    /// the same bytes in the page, whatever the file is called.
    func testLocationSortKeyWritesTheBytesOfTheOldKey() throws {
        func page(_ value: String) throws -> Data {
            try MarkupSerializer.html(MarkupElement("html", [:], [
                .element(MarkupElement("head", [:], [.element(MarkupElement("meta", ["http-equiv": "Content-Type", "content": "text/html; charset=utf-8"]))])),
                .element(MarkupElement("body", [:], [.element(MarkupElement("td", ["class": "mono loc", "data-sort": value], text: "x"))])),
            ]))
        }
        for text in Self.texts {
            for (line, column) in zip(Self.integers, Self.integers.reversed()) {
                func pad(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 8 - s.count)) + s }
                let f = finding(file: text, line: line, column: column, index: nil, sid: nil)
                let (line, column) = (f.span.start.line, f.span.start.column)
                let old = "\(text)\u{1F}\(pad(line))\u{1F}\(pad(column))"
                let key = HTMLReportWriter.locationSortKey(f)
                XCTAssertTrue(key.hasSameBytes(as: "\(text)\u{FFFD}\(pad(line))\u{FFFD}\(pad(column))"))
                XCTAssertEqual(try page(key), try page(old), text.debugDescription)
            }
        }
    }

    /// Part of a string written from its bytes (`text(_:utf8:)`) gives the bytes of the part
    /// written as a string, in HTML and XML, for every cut at scalar boundaries.
    func testTextPartsGiveTheBytesOfTheirStrings() throws {
        func document(_ write: @escaping (any MarkupSink) throws(MarkupError) -> Void) -> MarkupElement {
            MarkupElement("html", [:], [
                .element(MarkupElement("head", [:], [.element(MarkupElement("meta", ["http-equiv": "Content-Type", "content": "text/html; charset=utf-8"]))])),
                .element(MarkupElement("body", [:], [.generated(MarkupGenerator(count: 1) { _, sink throws(MarkupError) in try write(sink) })])),
            ])
        }
        func xml(_ write: @escaping (any MarkupSink) throws(MarkupError) -> Void) throws -> Data {
            let output = ReportOutput()
            try MarkupSerializer.xml(into: output) { sink throws(MarkupError) in
                try sink.start("root")
                try write(sink)
                try sink.end()
            }
            return Data(output.bytes)
        }
        for text in Self.texts where text.utf8.count < 100 {
            // Every scalar boundary, as UTF-8 offsets.
            var cuts: [Int] = [0]
            for scalar in text.unicodeScalars { cuts.append(cuts.last! + String(scalar).utf8.count) }
            for (a, from) in cuts.enumerated() {
                for to in cuts[a...] {
                    let part = MarkupTreeBuilder.part(of: text, utf8: from..<to)
                    let byParts = document { sink throws(MarkupError) in
                        try sink.start("code")
                        try sink.text(text, utf8: from..<to)
                        try sink.start("mark")
                        try sink.text(text, utf8: from..<to)
                        try sink.end()
                        try sink.end()
                    }
                    let byStrings = document { sink throws(MarkupError) in
                        try sink.start("code")
                        try sink.text(part)
                        try sink.element("mark", text: part)
                        try sink.end()
                    }
                    let written = try MarkupSerializer.html(byParts)
                    XCTAssertEqual(written, try MarkupSerializer.html(byStrings), "\(text.debugDescription) \(from)..<\(to)")
                    XCTAssertEqual(written, try MarkupSerializer.wholeHTML(byParts))
                    XCTAssertEqual(try xml { sink throws(MarkupError) in try sink.element("p", text: part) },
                                   try xml { sink throws(MarkupError) in try sink.start("p"); try sink.text(text, utf8: from..<to); try sink.end() })
                }
            }
        }
    }

    /// The JUnit body assembled in one buffer against the string grown piece by piece it replaces,
    /// for every finding of the sample reports and for findings full of hostile text (with and
    /// without statement, path, suppression, excerpt and remediation; lines numbered across a
    /// change of width).
    func testJUnitBodyIsTheStringItReplaces() {
        func reference(_ reported: ReportedFinding, excerpts: SourceExcerpts, fingerprint: String) -> String {
            let finding = reported.finding
            var text = FindingText.location(finding)
            text += " " + finding.severity.rawValue.uppercased() + " " + finding.code + ": " + finding.message
            let statement = FindingText.statement(finding)
            if !finding.path.isEmpty || statement != nil {
                text += "\n  "
                if !finding.path.isEmpty { text += "at " + finding.path }
                if let statement { text += (finding.path.isEmpty ? "in " : " in ") + statement }
            }
            if let suppression = reported.suppression { text += "\n  " + FindingText.suppression(suppression) }
            if let excerpt = excerpts.excerpt(for: finding) { text += "\n" + FindingText.excerpt(excerpt, indent: "  ") }
            if let remediation = finding.remediation, !remediation.isEmpty { text += "\n  Fix: " + remediation.replacingOccurrences(of: "\n", with: "\n       ") }
            return text + "\n  Fingerprint: " + fingerprint
        }
        var report = SampleReports.hostile()
        let hostile = Self.texts.filter { $0.utf8.count < 200 }
        for (n, text) in hostile.enumerated() {
            let file = "policies/\(n)" + text
            // Lines numbered up to 12 (the gutter widens at 10), the text on each.
            report.sources[file] = (1...12).map { "\($0) " + text }.joined(separator: n % 2 == 0 ? "\n" : "\r\n")
            let line = 1 + n % 12
            let finding = Finding(code: "C" + text, severity: Severity.allCases[n % 5], category: .warning, file: file,
                                  span: SourceSpan(start: SourcePosition(line: line, column: 2, offset: 0), end: SourcePosition(line: line + n % 3, column: 4, offset: 0)),
                                  path: n % 3 == 0 ? "" : text, statementIndex: n % 4 == 0 ? nil : n, sid: n % 5 == 0 ? nil : text, message: text,
                                  remediation: n % 6 == 0 ? nil : text + "\n" + text)
            report.findings.append(ReportedFinding(finding, suppression: n % 2 == 0 ? nil : Suppression(reason: text, expires: text, entryLocation: text), failsGate: n % 3 == 0))
        }
        // A finding whose file has no source: no excerpt.
        report.findings.append(ReportedFinding(Finding(code: "NO_SOURCE", severity: .low, category: .warning, file: "missing.json", span: .unknown, path: "", message: "m"), failsGate: false))
        let excerpts = SourceExcerpts(report)
        for (n, reported) in report.findings.enumerated() {
            let fingerprint = hostile[n % hostile.count]
            let made = JUnitReportWriter.body(reported, excerpts: excerpts, fingerprint: fingerprint)
            XCTAssertTrue(made.hasSameBytes(as: reference(reported, excerpts: excerpts, fingerprint: fingerprint)), "\(n): \(made.debugDescription)")
        }
    }
}
