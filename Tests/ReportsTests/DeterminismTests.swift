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
