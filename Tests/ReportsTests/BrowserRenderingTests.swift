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

/// The report at phone width (390 CSS pixels): nothing makes the page or a section wider than the
/// screen (wide tables scroll inside themselves), measured by Chromium's layout.
final class PhoneWidthRenderingTests: XCTestCase {
    func testTheReportFitsAPhoneScreen() throws {
        guard let chromium = TestEnvironment.which("chromium") ?? TestEnvironment.which("chromium-browser") else {
            try TestEnvironment.missing("chromium")
        }
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var html = String(decoding: try HTMLReportWriter.render(HTMLAccessMatrixRiskTests.report()), as: UTF8.self)
        // Headless Chromium's window is at least 500 pixels wide, so the report is laid out in a
        // 390-pixel frame of a page that measures it (its Content-Security-Policy would block that).
        let csp = try XCTUnwrap(html.range(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, options: .regularExpression))
        html.removeSubrange(csp)
        let escaped = html.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
        html = """
        <!DOCTYPE html><html><body><iframe id="phone" width="390" height="844" style="border:0" srcdoc="\(escaped)"></iframe>
        <script>document.getElementById('phone').onload = function () {
          var w = this.contentWindow, d = w.document.documentElement, overflow = 0;
          w.document.querySelectorAll('section.block').forEach(function (b) { overflow = Math.max(overflow, b.scrollWidth - b.clientWidth); });
          document.documentElement.setAttribute('data-width', d.scrollWidth + ' ' + w.innerWidth + ' ' + overflow);
        };</script></body></html>
        """
        let file = dir.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: file)
        let result = try TestEnvironment.run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--hide-scrollbars",
            "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
            "--virtual-time-budget=2000", "--dump-dom", file.absoluteString,
        ], timeout: 90)
        XCTAssertEqual(result.status, 0, result.stderr)
        let dom = ParsedXMLDocument(html: Data(result.stdout.utf8))
        let widths = try XCTUnwrap(dom.strings("/html/@data-width").first, String(result.stdout.prefix(500))).split(separator: " ").compactMap { Int($0) }
        XCTAssertEqual(widths.count, 3)
        XCTAssertEqual(widths[1], 390, "the frame is phone-sized")
        XCTAssertLessThanOrEqual(widths[0], 390, "the page is wider than the screen: \(widths)")
        // A section never scrolls sideways as a whole (its headings and text would scroll away):
        // only a wide table scrolls, inside itself.
        XCTAssertEqual(widths[2], 0, "a section is wider than the screen: \(widths)")
    }
}
