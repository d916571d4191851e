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

/// "Who can push to X, and why" from the page alone: representative others, the Denies evaluated for
/// each allowed cell, and red for grants that break an expectation or come from a statement with a finding.
final class HTMLAccessMatrixRiskTests: XCTestCase {
    static func report() -> AuditReport {
        var report = SampleReports.failing()
        let deny = ReportedStatement(policy: "policies/scp/guard.json", file: "policies/scp/guard.json", index: 2, sid: "DenyOutsideOrg", effect: "Deny", line: 9)
        report.accessMatrix[0].evaluatedDenies = [EvaluatedDeny(statement: deny, reason: "its condition StringNotEquals aws:PrincipalOrgID o-a1b2c3d4e5 is false: the request carries aws:PrincipalOrgID = o-a1b2c3d4e5")]
        report.accessMatrix[1].evaluatedDenies = []
        report.accessMatrix.append(AccessMatrixEntry(principal: "another principal of account 123456789012", principalARN: "arn:aws:sts::123456789012:assumed-role/another-role/session",
                                                     repository: "employee-api", capability: "pull", decision: .allowed,
                                                     assumption: "its identity policies allow only ecr:GetAuthorizationToken", evaluatedDenies: []))
        report.accessMatrix.append(AccessMatrixEntry(principal: "any principal of another AWS account (outside the organization)", principalARN: "arn:aws:sts::999999999999:assumed-role/any-role/session",
                                                     repository: "employee-api", capability: "push", decision: .allowed,
                                                     assumption: "its identity policies allow ecr:*", evaluatedDenies: [],
                                                     risk: "any principal of another AWS account (outside the organization) can push employee-api"))
        return report
    }

    func cell(_ dom: ParsedXMLDocument, principal: String, column: Int) -> String {
        "//table[@data-repository='employee-api']//tr[th//strong[text()='\(principal)']]/td[\(column)]"
    }

    func testGrantsAreColouredByRiskAndExplainTheirDenies() throws {
        let dom = ParsedXMLDocument(html: try HTMLReportWriter.render(Self.report()))
        XCTAssertTrue(dom.isParsed)
        let columns = dom.strings("//table[@data-repository='employee-api']/thead//th").map { $0.trimmingCharacters(in: .whitespaces) }
        let pull = try XCTUnwrap(columns.firstIndex(of: "pull")) + 1, push = try XCTUnwrap(columns.firstIndex(of: "push")) + 1
        // anonymous push breaks an expectation and is granted by a statement with PUBLIC_ACCESS: red.
        let anonymousPush = cell(dom, principal: "anonymous", column: push - 1)
        XCTAssertEqual(dom.strings(anonymousPush + "/@data-risk"), ["risk-high"])
        let reasons = dom.strings(anonymousPush + "//li").joined(separator: "\n")
        XCTAssertTrue(reasons.contains("breaks the expectation \u{201C}anonymous cannot push employee-api\u{201D}"), reasons)
        XCTAssertTrue(reasons.contains("which has PUBLIC_ACCESS, OVERBROAD_WRITE"), reasons)
        // ci's grants are plain; the org member's pull has only a suppressed info finding: plain too.
        XCTAssertEqual(dom.strings(cell(dom, principal: "ci", column: push - 1) + "/@data-risk"), [])
        XCTAssertEqual(dom.strings(cell(dom, principal: "org member", column: pull - 1) + "/@data-risk"), [])
        // The Denies evaluated for ci's push, and the statement that none was for its pull.
        let ciPush = dom.strings(cell(dom, principal: "ci", column: push - 1) + "//details").joined()
        XCTAssertTrue(ciPush.contains("Denies evaluated, none applied:"), ciPush)
        XCTAssertTrue(ciPush.contains("DenyOutsideOrg"), ciPush)
        XCTAssertTrue(ciPush.contains("is false: the request carries aws:PrincipalOrgID = o-a1b2c3d4e5"), ciPush)
        XCTAssertTrue(dom.strings(cell(dom, principal: "ci", column: pull - 1) + "//details").joined().contains("No Deny statement was evaluated"))
        // Representative others follow the manifest's principals: amber within the account, red outside.
        let rows = dom.strings("//table[@data-repository='employee-api']/tbody/tr/th/strong")
        XCTAssertEqual(Array(rows.suffix(2)), ["another principal of account 123456789012", "any principal of another AWS account (outside the organization)"])
        XCTAssertEqual(dom.strings(cell(dom, principal: "another principal of account 123456789012", column: pull - 1) + "/@data-risk"), ["risk-caution"])
        XCTAssertEqual(dom.strings(cell(dom, principal: "any principal of another AWS account (outside the organization)", column: push - 1) + "/@data-risk"), ["risk-high"])
        XCTAssertTrue(dom.strings("//tr[@class='representative']//div[@class='assumption']").contains("assuming its identity policies allow ecr:*"))
    }
}
