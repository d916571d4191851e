import Foundation
import PolicyCore

/// `report.json`: the whole report as data. Findings are encoded per DESIGN.md 3.2 (flat, `line` and
/// `column` from 1) plus `suppressed`, `suppression`, `failsGate` and the source `excerpt`.
/// Keys are sorted and every list is in report order, so the same input gives the same bytes.
public enum JSONReportWriter {
    public static let formatVersion = 1

    public static func render(_ report: AuditReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(report))
        data.append(0x0A)
        return data
    }

    private struct Document: Encodable {
        var formatVersion = JSONReportWriter.formatVersion
        var metadata: ReportMetadata
        var verdict: Verdict
        var exitCode: Int32
        var counts: SeverityCounts
        var suppressedCounts: SeverityCounts
        var findings: [EncodedFinding]
        var rules: [RuleDescriptor]
        var accessMatrix: [AccessMatrixEntry]
        var replication: [ReplicationEntry]
        var expectations: [ExpectationResult]
        var expectationCounts: PassFail
        var replicationCounts: [String: Int]

        init(_ report: AuditReport) {
            metadata = report.metadata
            verdict = report.metadata.verdict
            exitCode = report.metadata.verdict.exitCode
            counts = report.counts
            suppressedCounts = report.suppressedCounts
            let excerpts = SourceExcerpts(report)
            findings = report.findings.sorted(by: ReportOrdering.reportedPrecedes).map {
                EncodedFinding(reported: $0, excerpt: excerpts.excerpt(for: $0.finding))
            }
            rules = report.allRules
            accessMatrix = report.accessMatrix.sorted(by: ReportOrdering.matrixPrecedes)
            replication = report.replication.sorted(by: ReportOrdering.replicationPrecedes)
            expectations = report.expectations.sorted(by: ReportOrdering.expectationPrecedes)
            expectationCounts = PassFail(passed: report.expectations.filter(\.passed).count,
                                         failed: report.expectations.filter { !$0.passed }.count)
            replicationCounts = Dictionary(ReplicationStatus.allCases.map { status in
                (status.rawValue, report.replication.filter { $0.status == status }.count)
            }, uniquingKeysWith: +)
        }
    }

    private struct PassFail: Encodable {
        var passed: Int
        var failed: Int
    }

    private struct EncodedFinding: Encodable {
        var reported: ReportedFinding
        var excerpt: SourceExcerpt?

        enum Keys: String, CodingKey { case excerpt }

        func encode(to encoder: any Encoder) throws {
            try reported.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(excerpt, forKey: .excerpt)
        }
    }
}
