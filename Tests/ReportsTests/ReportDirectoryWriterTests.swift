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

    /// The files are written through `ReportOutput`'s fixed-size buffer (JUnit by libxml2's output
    /// buffer, HTML item by item, report.json member by member): a report of several buffers' worth,
    /// with hostile text, must give the bytes of each writer's whole in-memory rendering.
    func testLargeReportsWrittenThroughTheBufferAreTheWholeRenderings() throws {
        var report = SampleReports.hostile()
        let base = report
        for copy in 1...300 {
            for reported in base.findings {
                var finding = reported.finding
                finding.file += "-\(copy)"
                report.findings.append(ReportedFinding(finding, suppression: reported.suppression, failsGate: reported.failsGate))
                report.sources[finding.file] = base.sources[reported.finding.file]
            }
        }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ReportDirectoryWriter(directory: dir).write(report)
        func file(_ name: String) throws -> Data { try Data(contentsOf: dir.appendingPathComponent(name)) }
        let html = try file("report.html"), junit = try file("junit.xml")
        XCTAssertGreaterThan(html.count, 3 * ReportOutput.bufferSize)
        XCTAssertGreaterThan(junit.count, 3 * ReportOutput.bufferSize)
        XCTAssertTrue(html == (try MarkupSerializer.wholeHTML(HTMLReportWriter.document(report))), "report.html")
        XCTAssertTrue(junit == (try MarkupSerializer.wholeXML(JUnitReportWriter.document(report, options: .init(), derived: ReportDerivations(report)))), "junit.xml")
        XCTAssertTrue((try file("results.sarif")) == (try SARIFReportWriter.render(report)), "results.sarif")
        XCTAssertTrue((try file("report.json")) == (try JSONReportWriter.renderWhole(report)), "report.json")
        for (name, data) in try ReportDirectoryWriter.render(report) {
            XCTAssertTrue((try file(name)) == data, name)
        }
    }

    /// A write that fails (here: a descriptor open for reading only) is an error, not a short file.
    func testAFailedWriteIsAnError() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("readonly").path
        try Data().write(to: URL(fileURLWithPath: path))
        let descriptor = open(path, O_RDONLY)
        XCTAssertGreaterThanOrEqual(descriptor, 0)
        defer { close(descriptor) }
        let output = ReportOutput(descriptor: descriptor)
        output.append(Array(repeating: UInt8(ascii: "x"), count: 10))
        XCTAssertThrowsError(try output.finish())
        // The directory writer never writes into a file that already exists (a temporary clash).
        XCTAssertThrowsError(try ReportDirectoryWriter.write(path) { $0.append("x") })
    }

    /// The four reports rendered at the same time are the bytes of the four rendered one after another.
    func testParallelRenderingWritesTheSerialBytes() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let serial = dir.appendingPathComponent("serial"), parallel = dir.appendingPathComponent("parallel")
        let report = SampleReports.hostile()
        XCTAssertEqual(try ReportDirectoryWriter(directory: serial).write(report, workers: 1).map(\.lastPathComponent), ReportDirectoryWriter.fileNames)
        XCTAssertEqual(try ReportDirectoryWriter(directory: parallel).write(report, workers: 4).map(\.lastPathComponent), ReportDirectoryWriter.fileNames)
        for name in ReportDirectoryWriter.fileNames {
            XCTAssertTrue(try Data(contentsOf: serial.appendingPathComponent(name)) == Data(contentsOf: parallel.appendingPathComponent(name)), name)
        }
    }

    /// A renderer that fails while the others render at the same time: the old reports stay as they
    /// were, no temporary file is left (the others' finished ones included), and the error names the
    /// first failing report in file order, whichever failed first in time.
    func testAFailingRendererAmongParallelOnesLeavesTheOldReports() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = ReportDirectoryWriter(directory: dir)
        try writer.write(SampleReports.failing(), workers: 1)
        let old = try ReportDirectoryWriter.fileNames.map { try Data(contentsOf: dir.appendingPathComponent($0)) }
        struct RenderFailure: Error, CustomStringConvertible {
            var which: String
            var description: String { "renderer \(which) failed" }
        }
        var renderers = ReportDirectoryWriter.renderers
        // junit.xml fails late (after writing part of its file), report.json at once.
        let junit = renderers[1].render
        renderers[1].render = { report, derived, output in
            try junit(report, derived, output)
            usleep(200_000)
            throw RenderFailure(which: "junit")
        }
        renderers[3].render = { _, _, output in
            output.append("partial")
            throw RenderFailure(which: "json")
        }
        XCTAssertThrowsError(try writer.write(SampleReports.hostile(), renderers: renderers, workers: 4)) { error in
            XCTAssertTrue("\(error)".contains("junit.xml") && "\(error)".contains("renderer junit failed"), "\(error)")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ReportDirectoryWriter.fileNames.sorted())
        XCTAssertEqual(try ReportDirectoryWriter.fileNames.map { try Data(contentsOf: dir.appendingPathComponent($0)) }, old)
    }
}
