import Foundation
import Reports

/// How `audit` writes its reports and prints its summary.
enum AuditOutput {
    /// Writes report.html, junit.xml, results.sarif and report.json into `directory`; returns their paths.
    static func writeReports(_ report: AuditReport, to directory: String) throws -> [String] {
        // TODO(reports): ReportDirectoryWriter(directory:).write(report) once the writers land on main.
        // Until then no report file is written (and none is faked).
        []
    }

    static func json(_ report: AuditReport) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(report), as: UTF8.self)
    }

    /// TODO(reports): TerminalSummary once it lands.
    static func text(_ report: AuditReport, isTerminal: Bool) -> String {
        var out: [String] = []
        let m = report.metadata
        out.append("ecrguard \(m.toolVersion) audit of \(m.inputs.first ?? ""): \(m.verdict.title) (exit \(m.verdict.exitCode); fail on \(m.threshold.rawValue) and above)")
        let counts = report.counts
        out.append("Findings: " + SeverityCounts.displayOrder.map { "\(counts[$0]) \($0.rawValue)" }.joined(separator: ", "))
        for f in report.sortedFindings.map(\.finding) {
            out.append("  \(f.file):\(f.span.start.line):\(f.span.start.column): \(f.severity.rawValue) \(f.code): \(f.message)")
        }
        let passed = report.expectations.filter(\.passed).count
        out.append("Expectations: \(passed) of \(report.expectations.count) met")
        for e in report.expectations where !e.passed { out.append("  FAILED \(e.name): \(e.explanation)") }
        out.append("Replication:")
        for r in report.replication { out.append("  \(r.sourceRepository) -> \(r.destination): \(r.status.rawValue) — \(r.reason)") }
        out.append("Access matrix (\(report.accessMatrix.count) cells):")
        for e in report.accessMatrix where e.decision.isAllowed {
            out.append("  \(e.principal) can \(e.capability) \(e.repository)")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
