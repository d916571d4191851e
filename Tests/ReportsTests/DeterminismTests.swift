import Foundation
import PolicyCore
@testable import Reports
import TestSupport
import XCTest

final class DeterminismTests: XCTestCase {
    private func renderAll(_ report: AuditReport) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try ReportDirectoryWriter.render(report).map { ($0.name, $0.data) })
    }

    func testSameInputInAnyOrderGivesTheSameBytes() throws {
        let report = SampleReports.hostile()
        var shuffled = report
        var generator = SplitMix64(seed: 42)
        shuffled.findings.shuffle(using: &generator)
        shuffled.rules.shuffle(using: &generator)
        shuffled.accessMatrix.shuffle(using: &generator)
        shuffled.replication.shuffle(using: &generator)
        shuffled.expectations.shuffle(using: &generator)
        XCTAssertNotEqual(shuffled.findings, report.findings)
        let first = try renderAll(report), second = try renderAll(report), third = try renderAll(shuffled)
        XCTAssertEqual(Set(first.keys), Set(ReportDirectoryWriter.fileNames))
        for name in ReportDirectoryWriter.fileNames {
            XCTAssertEqual(first[name], second[name], name)
            XCTAssertEqual(first[name], third[name], name)
        }
        XCTAssertEqual(TerminalSummary(useColor: false).render(report), TerminalSummary(useColor: false).render(shuffled))
    }

    func testOnlyTheTimestampChangesWithTheTime() throws {
        let report = SampleReports.failing()
        var later = report
        later.metadata.generatedAt = report.metadata.generatedAt.addingTimeInterval(3600)
        let a = try renderAll(report), b = try renderAll(later)
        let stampA = UTCTimestamp.format(report.metadata.generatedAt), stampB = UTCTimestamp.format(later.metadata.generatedAt)
        for name in ReportDirectoryWriter.fileNames {
            let textA = String(decoding: a[name]!, as: UTF8.self), textB = String(decoding: b[name]!, as: UTF8.self)
            XCTAssertTrue(textA.contains(stampA), name)
            XCTAssertEqual(textA.replacingOccurrences(of: stampA, with: "T"), textB.replacingOccurrences(of: stampB, with: "T"), name)
        }
    }

    func testTimestampsAreUTCWholeSeconds() {
        XCTAssertEqual(UTCTimestamp.format(Date(timeIntervalSince1970: 0.9)), "1970-01-01T00:00:00Z")
        XCTAssertEqual(UTCTimestamp.format(SampleReports.generatedAt), "2026-11-30T00:53:20Z")
        XCTAssertEqual(UTCTimestamp.parse("2026-11-30T00:53:20Z"), SampleReports.generatedAt)
        XCTAssertNil(UTCTimestamp.parse("2026-11-30 00:53:20"))
    }
}

/// A seeded generator, so a shuffled test is the same every run.

/// The four reports rendered together share one `ReportDerivations` (fingerprints, excerpts); each
/// must be byte for byte what its writer renders on its own, also with identical findings, whose
/// fingerprints the JUnit writer hands out in turn.
final class SharedDerivationTests: XCTestCase {
    func testReportsRenderedTogetherEqualEachWriterAlone() throws {
        for var report in [SampleReports.failing(), SampleReports.hostile()] {
            report.findings += report.findings.prefix(3)   // identical findings: fingerprints by occurrence
            let together = Dictionary(uniqueKeysWithValues: try ReportDirectoryWriter.render(report).map { ($0.name, $0.data) })
            let alone: [String: Data] = [
                "report.html": try HTMLReportWriter.render(report), "junit.xml": try JUnitReportWriter.render(report),
                "results.sarif": try SARIFReportWriter.render(report), "report.json": try JSONReportWriter.render(report),
            ]
            XCTAssertEqual(Set(together.keys), Set(alone.keys))
            for name in ReportDirectoryWriter.fileNames { XCTAssertEqual(together[name], alone[name], name) }
            let junit = String(decoding: together["junit.xml"]!, as: UTF8.self)
            let prints = ReportFingerprints(report).values
            XCTAssertEqual(Set(prints).count, prints.count, "identical findings get fingerprints of their own")
            for value in prints { XCTAssertTrue(junit.contains("Fingerprint: " + value), value) }
        }
    }
}

/// `replacingASCII` is `replacingOccurrences` for one ASCII character, whatever the text.
final class ASCIIReplacementTests: XCTestCase {
    func testSameAsFoundationsReplacement() {
        let texts = ["", "plain", "policies/a.json", "a.b.c.", "..", "dir\\sub\\file.json", "line\nnext\n", "crlf\r\nnext",
                     "caf\u{E9}.json", "e\u{301}.json", ".\u{301}x", "a\u{2024}b", "\u{1F600}.\u{1F600}", "no dots here"]
        let cases: [(Unicode.Scalar, String)] = [(".", "_"), ("\\", "/"), ("\n", "\n       ")]
        for text in texts {
            for (character, replacement) in cases {
                XCTAssertEqual(text.replacingASCII(character, with: replacement),
                               text.replacingOccurrences(of: String(character), with: replacement), "\(text.debugDescription) \(character)")
            }
        }
    }
}
