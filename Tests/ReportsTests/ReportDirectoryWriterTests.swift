import Foundation
@testable import Reports
import XCTest

final class ReportDirectoryWriterTests: XCTestCase {
    func testWritesAllFourFilesAndNoTemporaries() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("Reports/nested")
        let written = try ReportDirectoryWriter(directory: out).write(SampleReports.failing())
        XCTAssertEqual(written.map(\.lastPathComponent), ReportDirectoryWriter.fileNames)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted(), ReportDirectoryWriter.fileNames.sorted())
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("junit.xml")), try JUnitReportWriter.render(SampleReports.failing()))
        // Overwrites old reports in place.
        try ReportDirectoryWriter(directory: out).write(SampleReports.hostile())
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("report.json")), try JSONReportWriter.render(SampleReports.hostile()))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).count, 4)
    }

    func testAnUnwritableDirectoryIsAnErrorNotHalfAFile() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let blocker = dir.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        XCTAssertThrowsError(try ReportDirectoryWriter(directory: blocker).write(SampleReports.failing()))
        // A destination that is a directory cannot be replaced: the error names it and no temporary is left.
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out.appendingPathComponent("junit.xml"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try ReportDirectoryWriter(directory: out).write(SampleReports.failing())) { error in
            XCTAssertTrue("\(error)".contains("junit.xml"), "\(error)")
        }
        XCTAssertFalse(try FileManager.default.contentsOfDirectory(atPath: out.path).contains { $0.hasSuffix(".tmp") })
    }
}
