import Foundation
import PolicyCore
@testable import Reports
import XCTest

/// Opens the HTML report in headless Chromium (Debian's `chromium`) and reads the rendered DOM.
final class BrowserRenderingTests: XCTestCase {
    func testRenderedReportShowsFindingsAndNoInjectedScriptRan() throws {
        guard let chromium = TestEnvironment.which("chromium") ?? TestEnvironment.which("chromium-browser") else {
            try TestEnvironment.missing("chromium")
        }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        try HTMLReportWriter.render(SampleReports.hostile()).write(to: file)
        let result = try TestEnvironment.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--virtual-time-budget=2000", "--dump-dom", file.absoluteString,
        ], timeout: 90)
        XCTAssertEqual(result.status, 0, result.stderr)
        let dom = ParsedXMLDocument(html: Data(result.stdout.utf8))
        XCTAssertTrue(dom.isParsed)
        // Our script ran: it marks the root and adds the filter controls.
        XCTAssertEqual(dom.strings("/html/@data-ecrguard-js"), ["ready"], String(result.stdout.prefix(2000)))
        XCTAssertEqual(dom.count("//div[@id='findings-controls']//select"), 1)
        XCTAssertFalse(dom.strings("//span[@class='filter-status']").filter { $0.hasSuffix("findings shown") }.isEmpty)
        // The findings table is there with every finding.
        XCTAssertEqual(dom.count("//table[@id='findings-table']/tbody/tr"), SampleReports.hostile().findings.count)
        // No injected script ran, no injected element exists.
        XCTAssertEqual(dom.count("/html[@data-pwned]"), 0)
        let title = dom.strings("//title")
        XCTAssertEqual(title.count, 1)
        XCTAssertTrue(title.first?.hasPrefix("ecrguard audit FAILED") ?? false, "\(title)")   // the payload would set it to "PWNED"
        XCTAssertEqual(dom.count("//img"), 0)
        XCTAssertEqual(dom.count("//*[@onerror]"), 0)
        XCTAssertEqual(dom.count("//script"), 1)
        XCTAssertTrue(dom.strings("//body//text()[not(ancestor::script)]").joined().contains(SampleReports.scriptPayload))
    }
}
