import Foundation
import PolicyCore
import TestSupport
@testable import Reports
import XCTest

final class SARIFReportWriterTests: XCTestCase {
    private func schemaErrors(_ sarif: Data) throws -> [String] { try SARIFSchema.errors(sarif) }

    private func json(_ data: Data) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testReportsAreValidAgainstTheSARIFSchema() throws {
        let empty = AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: [], generatedAt: SampleReports.generatedAt, threshold: .high, verdict: .pass))
        for report in [SampleReports.failing(), SampleReports.hostile(), empty] {
            let sarif = try SARIFReportWriter.render(report)
            XCTAssertEqual(try schemaErrors(sarif), [])
        }
    }

    func testTheSchemaCheckCatchesAnInvalidLog() throws {
        var log = try json(try SARIFReportWriter.render(SampleReports.failing()))
        log["version"] = "2.0.0"
        XCTAssertFalse(try schemaErrors(try JSONSerialization.data(withJSONObject: log)).isEmpty)
    }

    func testWhatGitHubCodeScanningNeeds() throws {
        let report = SampleReports.failing()
        let log = try json(try SARIFReportWriter.render(report))
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual(run["columnKind"] as? String, "unicodeCodePoints")
        let rules = try XCTUnwrap((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]]
        let ruleIDs = try XCTUnwrap(rules).compactMap { $0["id"] as? String }
        XCTAssertEqual(ruleIDs, ["EXTERNAL_ACCESS", "MISSING_VERSION", "OVERBROAD_WRITE", "PUBLIC_ACCESS", "EXPECTATION_FAILED"])
        for rule in try XCTUnwrap(rules) {
            let help = try XCTUnwrap(rule["help"] as? [String: Any])
            XCTAssertFalse((help["text"] as? String ?? "").isEmpty)
            let severity = try XCTUnwrap((rule["properties"] as? [String: Any])?["security-severity"] as? String)
            XCTAssertNotNil(Double(severity))
        }
        let publicRule = try XCTUnwrap(rules?.first { $0["id"] as? String == "PUBLIC_ACCESS" })
        XCTAssertEqual((publicRule["properties"] as? [String: Any])?["security-severity"] as? String, "9.5")
        XCTAssertTrue(((publicRule["help"] as? [String: Any])?["text"] as? String ?? "").contains("Remediation: Name the principals"))

        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, report.findings.count + 1)   // + the failed expectation with a location
        for result in results {
            let ruleIndex = try XCTUnwrap(result["ruleIndex"] as? Int)
            XCTAssertEqual(ruleIDs[ruleIndex], result["ruleId"] as? String)
            let physical = try XCTUnwrap(((result["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])
            let artifact = try XCTUnwrap(physical["artifactLocation"] as? [String: Any])
            XCTAssertEqual(artifact["uriBaseId"] as? String, "%SRCROOT%")
            let uri = try XCTUnwrap(artifact["uri"] as? String)
            XCTAssertTrue(uri.hasPrefix("policies/"), uri)
            let region = try XCTUnwrap(physical["region"] as? [String: Any])
            XCTAssertGreaterThanOrEqual(region["startLine"] as? Int ?? 0, 1)
            XCTAssertNotNil((result["partialFingerprints"] as? [String: String])?["ecrguardFinding/v1"])
        }
        let critical = try XCTUnwrap(results.first { $0["ruleId"] as? String == "PUBLIC_ACCESS" })
        XCTAssertEqual(critical["level"] as? String, "error")
        let region = try XCTUnwrap((((critical["locations"] as? [[String: Any]])?.first)?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
        XCTAssertEqual(region["startLine"] as? Int, 14)
        XCTAssertEqual(region["startColumn"] as? Int, 20)
        XCTAssertEqual(region["endColumn"] as? Int, 32)
        let suppressed = results.filter { $0["suppressions"] != nil }
        XCTAssertEqual(suppressed.count, 1)
        XCTAssertEqual((suppressed.first?["properties"] as? [String: Any])?["jsonPath"] as? String, "Statement[0].Condition.StringEquals")
    }

    func testFingerprintsSurviveEditsElsewhereAndDistinguishRepeats() throws {
        func fingerprints(_ report: AuditReport) throws -> [String] {
            let run = try XCTUnwrap((try json(try SARIFReportWriter.render(report))["runs"] as? [[String: Any]])?.first)
            return try XCTUnwrap(run["results"] as? [[String: Any]]).compactMap { ($0["partialFingerprints"] as? [String: String])?["ecrguardFinding/v1"] }
        }
        let report = SampleReports.failing()
        var moved = report
        for index in moved.findings.indices {   // a line was added above every finding
            moved.findings[index].finding.span.start.line += 1
            moved.findings[index].finding.span.end.line += 1
        }
        XCTAssertEqual(Set(try fingerprints(report)), Set(try fingerprints(moved)))
        // The checker's fingerprint wins over the message: rewording a message keeps it.
        var withPrint = report, reworded = report
        withPrint.findings[1].finding.fingerprint = "stmt-hash-1"
        reworded.findings[1].finding.fingerprint = "stmt-hash-1"
        reworded.findings[1].finding.message = "Reworded."
        XCTAssertEqual(try fingerprints(withPrint), try fingerprints(reworded))
        XCTAssertNotEqual(try fingerprints(report), try fingerprints(withPrint))
        var repeated = report
        repeated.findings.append(report.findings[1])
        let all = try fingerprints(repeated)
        XCTAssertEqual(all.count, Set(all).count)
    }

    /// Files are named relative to the repository root, whichever directory ecrguard ran in; the
    /// run's category names the command; a rule links only to a page it names itself.
    func testURIsAreRelativeToTheRepositoryRootAndEachCommandHasItsCategory() throws {
        var report = SampleReports.failing()
        // Started in <root>/policies, where the findings' files are named relative to it.
        report.metadata.repositoryRoot = "/work/project"
        report.metadata.workingDirectory = "/work/project/policies"
        for index in report.findings.indices {
            report.findings[index].finding.file = String(report.findings[index].finding.file.dropFirst("policies/".count))
        }
        for index in report.expectations.indices {
            report.expectations[index].file = report.expectations[index].file.map { String($0.dropFirst("policies/".count)) }
        }
        report.metadata.command = "check"
        let run = try XCTUnwrap((try json(try SARIFReportWriter.render(report))["runs"] as? [[String: Any]])?.first)
        let uris = try XCTUnwrap(run["results"] as? [[String: Any]]).compactMap {
            ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        XCTAssertFalse(uris.isEmpty)
        for uri in uris { XCTAssertTrue(uri.hasPrefix("policies/"), uri) }
        XCTAssertEqual((run["automationDetails"] as? [String: Any])?["id"] as? String, "ecrguard/check/")
        // The same findings read from the root keep their fingerprints.
        let fromRoot = try XCTUnwrap((try json(try SARIFReportWriter.render(SampleReports.failing()))["runs"] as? [[String: Any]])?.first)
        func prints(_ run: [String: Any]) throws -> [String] {
            try XCTUnwrap(run["results"] as? [[String: Any]]).compactMap { ($0["partialFingerprints"] as? [String: String])?[FindingFingerprint.sarifKey] }
        }
        XCTAssertEqual(try prints(run), try prints(fromRoot))
        XCTAssertEqual((fromRoot["automationDetails"] as? [String: Any])?["id"] as? String, "ecrguard/audit/")
        report.rules[0].helpURI = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html"
        let withPage = try XCTUnwrap((try json(try SARIFReportWriter.render(report))["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((withPage["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        XCTAssertEqual(rules.compactMap { $0["helpUri"] as? String }, ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html"])
        for rule in rules {
            let id = try XCTUnwrap(rule["id"] as? String)
            // No made-up documentation address: helpUri only where the rule names a page of its own.
            XCTAssertEqual(rule["helpUri"] as? String, report.rules.first { $0.code == id }?.helpURI, id)
            XCTAssertFalse((rule["help"] as? [String: Any])?["markdown"] as? String ?? "" == "", id)
        }
    }

    func testURIsAreRepoRelativeAndEscaped() {
        XCTAssertEqual(SARIFReportWriter.uri("./policies/a b#.json").uri, "policies/a%20b%23.json")
        XCTAssertEqual(SARIFReportWriter.uri("./policies/a b#.json").uriBaseId, "%SRCROOT%")
        XCTAssertEqual(SARIFReportWriter.uri("policies\\x.json").uri, "policies/x.json")
        XCTAssertEqual(SARIFReportWriter.uri("/abs/x.json").uri, "file:///abs/x.json")
        XCTAssertNil(SARIFReportWriter.uri("/abs/x.json").uriBaseId)
    }

    func testSecuritySeverityFollowsGitHubBands() {
        XCTAssertEqual(Severity.allCases.map(SARIFReportWriter.securitySeverity), ["1.0", "3.0", "5.5", "8.0", "9.5"])
    }
}
