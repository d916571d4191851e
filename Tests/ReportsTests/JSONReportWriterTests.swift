import Foundation
import PolicyCore
@testable import Reports
import XCTest

final class JSONReportWriterTests: XCTestCase {
    func testFindingsFollowDesignAndTheReportRoundTrips() throws {
        let report = SampleReports.failing()
        let data = try JSONReportWriter.render(report)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        XCTAssertEqual(object["verdict"] as? String, "fail")
        XCTAssertEqual(object["exitCode"] as? Int, 1)
        XCTAssertEqual((object["counts"] as? [String: Int])?["critical"], 1)
        XCTAssertEqual((object["suppressedCounts"] as? [String: Int])?["info"], 1)
        let findings = try XCTUnwrap(object["findings"] as? [[String: Any]])
        let critical = try XCTUnwrap(findings.first { $0["code"] as? String == "PUBLIC_ACCESS" })
        XCTAssertEqual(critical["line"] as? Int, 14)
        XCTAssertEqual(critical["column"] as? Int, 20)
        XCTAssertEqual(critical["path"] as? String, "Statement[1].Principal")
        XCTAssertEqual(critical["statement"] as? Int, 1)
        XCTAssertEqual(critical["severity"] as? String, "critical")
        XCTAssertEqual(critical["failsGate"] as? Bool, true)
        XCTAssertEqual(critical["suppressed"] as? Bool, false)
        let excerpt = try XCTUnwrap(critical["excerpt"] as? [String: Any])
        XCTAssertEqual((excerpt["lines"] as? [[String: Any]])?.count, 5)
        let suppressed = try XCTUnwrap(findings.first { $0["suppressed"] as? Bool == true })
        XCTAssertEqual((suppressed["suppression"] as? [String: Any])?["expires"] as? String, "2027-03-31")
        XCTAssertEqual((object["metadata"] as? [String: Any])?["generatedAt"] as? String, "2026-11-30T00:53:20Z")

        let decoded = try JSONDecoder().decode(AuditReport.self, from: data)
        var expected = report
        expected.sources = [:]
        expected.findings.sort(by: ReportOrdering.reportedPrecedes)
        expected.rules = report.allRules
        expected.accessMatrix.sort(by: ReportOrdering.matrixPrecedes)
        expected.replication.sort(by: ReportOrdering.replicationPrecedes)
        expected.expectations.sort(by: ReportOrdering.expectationPrecedes)
        // Offsets are not part of the format; compare everything else.
        for index in expected.findings.indices {
            expected.findings[index].finding.span.start.offset = 0
            expected.findings[index].finding.span.end.offset = 0
        }
        XCTAssertEqual(decoded, expected)
    }

    func testSeverityCountsIgnoreSuppressedFindings() {
        let report = SampleReports.failing()
        XCTAssertEqual(report.counts.total, 4)
        XCTAssertEqual(report.suppressedCounts.total, 1)
        XCTAssertEqual(SeverityCounts.displayOrder, [.critical, .high, .medium, .low, .info])
    }

    func testSuppressedFindingsNeverFailTheGate() {
        let finding = SampleReports.failing().findings[1].finding
        XCTAssertFalse(ReportedFinding(finding, suppression: Suppression(reason: "r"), failsGate: true).failsGate)
        XCTAssertTrue(ReportedFinding(finding, failsGate: true).failsGate)
    }
}

/// `report.json` is written member by member so that a large report is never held by the encoder
/// whole; the bytes must be exactly those of encoding the document at once.
final class JSONReportStreamingTests: XCTestCase {
    func testStreamedReportEqualsWholeDocumentEncoding() throws {
        var empty = SampleReports.failing()
        empty.findings = []
        empty.accessMatrix = []
        empty.replication = []
        empty.expectations = []
        for report in [SampleReports.failing(), SampleReports.hostile(), empty] {
            let streamed = try JSONReportWriter.render(report)
            let whole = try JSONReportWriter.renderWhole(report)
            XCTAssertEqual(String(decoding: streamed, as: UTF8.self), String(decoding: whole, as: UTF8.self))
        }
    }
}

/// `appendIndented` copies whole lines; it must give the bytes of indenting byte by byte (the
/// writer's earlier loop, kept here as the reference).
final class JSONIndentationTests: XCTestCase {
    private func byteByByte(_ bytes: [UInt8], indent: Int) -> [UInt8] {
        var out: [UInt8] = []
        var previous: UInt8 = 0
        for byte in bytes {
            if previous == 0x0A && byte != 0x0A { out.append(contentsOf: repeatElement(0x20, count: indent)) }
            out.append(byte)
            previous = byte
        }
        return out
    }

    func testLineCopyEqualsByteByByteIndentation() {
        let samples = ["", "\n", "\n\n", "x", "{\n  \"a\" : [\n\n  ],\n  \"b\" : \"c\\nd\"\n}", "a\n", "\na", "a\n\n\nb\n",
                       "{\n  \"é\" : \"\u{1F600}\"\n}\n\n", String(repeating: "[\n", count: 50) + "1"]
        for sample in samples {
            for indent in [0, 2, 4] {
                let bytes = Array(sample.utf8)
                var fast: [UInt8] = [0x2A]
                bytes.withUnsafeBufferPointer { JSONReportWriter.appendIndented($0, indent: indent, to: &fast) }
                XCTAssertEqual(fast, [0x2A] + byteByByte(bytes, indent: indent), "\(sample.debugDescription) at \(indent)")
            }
        }
    }
}

/// `ReportJSONEncoder` must write exactly what `JSONEncoder` writes with the reports' options.
final class ReportJSONEncoderTests: XCTestCase {
    /// Written out here rather than taken from `ReportJSONEncoder.reference`, so a change of options there shows.
    private static var reference: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private func assertSameBytes(_ value: some Encodable, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let ours = try XCTUnwrap(ReportJSONEncoder.encode(value), name, file: file, line: line)
        XCTAssertEqual(String(decoding: ours, as: UTF8.self), String(decoding: try Self.reference.encode(value), as: UTF8.self), name, file: file, line: line)
    }

    private struct Tricky: Encodable {
        var emptyObject: [String: String] = [:]
        var emptyList: [Int] = []
        var text: String
        var keys: [String: Int]
        var nested: [[String: [Int?]]]
        var optional: String?
        var flag = true
        var negative = -42
    }

    func testSameBytesAsJSONEncoder() throws {
        var text = ""
        for v in 0..<0x80 { text.unicodeScalars.append(Unicode.Scalar(v)!) }
        text += "\u{2028}\u{2029}\u{FEFF}\u{E9}\u{1F600}/</script>"
        let keys = ["ruleId": 1, "ruleIndex": 2, "Sid": 3, "sid": 4, "a10": 5, "a9": 6, "$schema": 7, "Statement": 8, "_x": 9, "B": 10, "a-b": 11, "\u{E9}": 12, "": 13]
        try assertSameBytes(Tricky(text: text, keys: keys, nested: [[:], ["x": []], ["y": [1, nil, 2]]]), "tricky")
        try assertSameBytes([String](), "empty list")
        try assertSameBytes("top", "string")
        for report in [SampleReports.failing(), SampleReports.hostile()] {
            try assertSameBytes(SARIFReportWriter.log(report), "SARIF log")
            for finding in report.findings { try assertSameBytes(finding, "finding") }
            for entry in report.accessMatrix { try assertSameBytes(entry, "matrix entry") }
            try assertSameBytes(report.metadata, "metadata")
            try assertSameBytes(report.allRules, "rules")
        }
    }

    func testTypesLeftToJSONEncoderAreRefused() {
        XCTAssertNil(ReportJSONEncoder.encode([1.5]))
        XCTAssertNil(ReportJSONEncoder.encode(["at": Date(timeIntervalSince1970: 0)]))
        XCTAssertNil(ReportJSONEncoder.encode(Data([1, 2])))
    }
}
