import Foundation
import PolicyCore
@testable import Reports
import XCTest

final class HTMLReportWriterTests: XCTestCase {
    func testHostileStringsAreTextInTheHTML() throws {
        let html = try HTMLReportWriter.render(SampleReports.hostile())
        let doc = ParsedXMLDocument(html: html)
        XCTAssertTrue(doc.isParsed)
        XCTAssertEqual(doc.count("//script"), 1, "only the report's own script")
        XCTAssertEqual(doc.count("//img"), 0)
        XCTAssertEqual(doc.count("//*[@onerror]"), 0)
        XCTAssertEqual(doc.count("//*[@id='pwned-img']"), 0)
        let texts = doc.strings("//body//text()[not(ancestor::script)]").joined()
        XCTAssertTrue(texts.contains(SampleReports.scriptPayload))
        XCTAssertTrue(texts.contains(SampleReports.attributePayload))
        // The Sid shows up inside the excerpt's highlight, as text.
        XCTAssertTrue(doc.strings("//pre[@class='excerpt']//mark").contains("\"" + SampleReports.scriptPayload + "\""))
        // The hostile repository is an attribute value, intact.
        XCTAssertTrue(doc.strings("//table/@data-repository").contains("repo" + SampleReports.scriptPayload))
        let source = String(decoding: html, as: UTF8.self)
        XCTAssertFalse(source.contains("<img"))
        XCTAssertEqual(source.components(separatedBy: "<script").count - 1, 1)
    }

    func testNoNetworkRequestsAndAStrictPolicy() throws {
        let html = try HTMLReportWriter.render(SampleReports.failing())
        let doc = ParsedXMLDocument(html: html)
        XCTAssertEqual(doc.count("//link | //img | //iframe | //object | //embed | //*[@src]"), 0)
        let hrefs = doc.strings("//@href")
        XCTAssertFalse(hrefs.isEmpty)
        XCTAssertTrue(hrefs.allSatisfy { $0.hasPrefix("#") }, "\(hrefs)")
        let csp = try XCTUnwrap(doc.strings("//meta[@http-equiv='Content-Security-Policy']/@content").first)
        XCTAssertTrue(csp.hasPrefix("default-src 'none';"), csp)
        XCTAssertTrue(csp.contains("script-src '\(HTMLReportWriter.scriptHash)'"))
        XCTAssertFalse(csp.contains("unsafe-inline'; script") && csp.contains("script-src 'unsafe-inline'"))
        // The hash in the policy is the hash of the script as written.
        let script = try XCTUnwrap(doc.strings("//script").first)
        XCTAssertEqual("sha256-" + SHA256.base64(Array(script.utf8)), HTMLReportWriter.scriptHash)
    }

    func testTheScriptNeverParsesStringsAsHTML() {
        let script = HTMLReportScript.source.description
        for forbidden in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(", "fetch(", "XMLHttpRequest"] {
            XCTAssertFalse(script.contains(forbidden), forbidden)
        }
    }

    func testContentWithoutJavaScript() throws {
        let report = SampleReports.failing()
        let doc = ParsedXMLDocument(html: try HTMLReportWriter.render(report))
        XCTAssertEqual(doc.strings("//header[@id='verdict']/@data-verdict"), ["fail"])
        XCTAssertEqual(doc.strings("//h1"), ["Audit FAILED"])
        let meta = doc.strings("//dl[@class='meta']/dd")
        XCTAssertEqual(meta, ["ecrguard 0.1.0", "policies/", UTCTimestamp.format(SampleReports.generatedAt), "fail on high and above", "FAILED (exit code 1)"])
        XCTAssertEqual(doc.strings("//div[@data-severity='critical']/div[@class='number']"), ["1"])
        XCTAssertEqual(doc.strings("//div[@data-severity='medium']/div[@class='number']"), ["0"])
        XCTAssertEqual(doc.count("//table[@id='findings-table']/tbody/tr"), report.findings.count)
        // Most serious first.
        XCTAssertEqual(doc.strings("//table[@id='findings-table']/tbody/tr/@data-severity"), ["critical", "high", "low", "info", "info"])
        // Grouped by rule, each instance with its excerpt, mark and remediation.
        XCTAssertEqual(doc.strings("//section[@class='rule']/@data-rule"), ["PUBLIC_ACCESS", "OVERBROAD_WRITE", "MISSING_VERSION", "EXTERNAL_ACCESS"])
        XCTAssertEqual(doc.strings("//section[@data-rule='PUBLIC_ACCESS']//mark"), ["{\"AWS\": \"*\"}"])
        XCTAssertEqual(doc.strings("//section[@data-rule='PUBLIC_ACCESS']//span[contains(@class,'in-span')]/span[@class='ln']"), ["14"])
        XCTAssertTrue(doc.strings("//section[@data-rule='PUBLIC_ACCESS']//div[@class='remediation']/pre").first?.contains("role/ci") ?? false)
        // Suppressed findings are shown as suppressed, with reason and expiry.
        XCTAssertEqual(doc.count("//article[contains(@class,'suppressed')]"), 1)
        XCTAssertEqual(doc.strings("//article[contains(@class,'suppressed')]//p[@class='suppression-note']"),
                       ["Suppressed until 2027-03-31: Org-wide pull is intended for this base image. (policies/ecrguard-suppressions.yaml:4)"])
        // Access matrix, replication and expectations.
        XCTAssertEqual(doc.strings("//table[@data-repository='employee-api']/thead//th"), ["Principal", "pull", "push"])
        XCTAssertEqual(doc.strings("//table[@data-repository='employee-api']/tbody/tr/th/strong"), ["anonymous", "ci", "org member"])
        XCTAssertEqual(doc.strings("//table[@data-repository='employee-api']/tbody/tr[3]/td/@data-decision"), ["allowed", "explicitDeny"])
        XCTAssertTrue(doc.strings("//table[@data-repository='employee-api']/tbody/tr[3]/td[1]//li").contains("StringEquals aws:PrincipalOrgID = o-a1b2c3d4e5"))
        XCTAssertEqual(doc.strings("//table[contains(@class,'replication')]/tbody/tr/@data-status"), ["allowed", "failing"])
        XCTAssertEqual(doc.strings("//table[contains(@class,'expectations')]/tbody/tr/@data-result"), ["fail", "pass"])
    }

    func testEmptySectionsSaySo() throws {
        let report = AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: ["policies/"], generatedAt: SampleReports.generatedAt, threshold: .medium, verdict: .pass))
        let doc = ParsedXMLDocument(html: try HTMLReportWriter.render(report))
        XCTAssertEqual(doc.strings("//h1"), ["Audit PASSED"])
        XCTAssertEqual(doc.strings("//p[@class='empty']"), ["No findings.", "No principals were simulated.", "No replication is configured.", "The manifest states no expectations."])
    }

    /// `render` serialises part by part; its bytes must be those of the whole libxml2 tree serialised at once.
    func testPartByPartSerialisationGivesTheBytesOfTheWholeTree() throws {
        let empty = AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: ["policies/"], generatedAt: SampleReports.generatedAt, threshold: .medium, verdict: .pass))
        for report in [SampleReports.failing(), SampleReports.hostile(), empty] {
            let document = HTMLReportWriter.document(report)
            let whole = try MarkupSerializer.wholeHTML(document)
            XCTAssertEqual(try HTMLReportWriter.render(report), whole)
            XCTAssertEqual(try MarkupSerializer.html(document), whole)
        }
    }
}
