import Foundation
@testable import Reports
import XCTest

/// Writes sample reports where a person can look at them (ECRGUARD_REPORT_SAMPLES=dir); otherwise skips.
final class ReportGalleryTests: XCTestCase {
    func testWriteSamples() throws {
        guard let dir = ProcessInfo.processInfo.environment["ECRGUARD_REPORT_SAMPLES"] else { throw XCTSkip("set ECRGUARD_REPORT_SAMPLES to write samples") }
        try ReportDirectoryWriter(directory: URL(fileURLWithPath: dir).appendingPathComponent("failing")).write(SampleReports.failing())
        try ReportDirectoryWriter(directory: URL(fileURLWithPath: dir).appendingPathComponent("hostile")).write(SampleReports.hostile())
        print(TerminalSummary(useColor: false).render(SampleReports.failing()))
    }
}
