import ECRClient
import Foundation
import Reports

/// How `audit` writes its reports and prints its summary (the Reports module's writers).
enum AuditOutput {
    /// Renders report.html, junit.xml, results.sarif and report.json, then replaces each file
    /// atomically in `directory`, rendering up to `workers` at once; returns their paths. Nothing is
    /// written if any rendering fails.
    static func writeReports(_ report: AuditReport, to directory: String, workers: Int = 1) throws -> [String] {
        do {
            return try ReportDirectoryWriter(directory: URL(fileURLWithPath: directory)).write(report, workers: workers).map { url in
                (directory as NSString).appendingPathComponent(url.lastPathComponent)
            }
        } catch {
            throw CLIFailure.runtime("cannot write the reports to '\(directory)': \(error)")
        }
    }

    static func json(_ report: AuditReport) throws -> String {
        String(decoding: try JSONReportWriter.render(report), as: UTF8.self)
    }

    static func text(_ report: AuditReport, isTerminal: Bool) -> String {
        TerminalSummary(isTerminal: isTerminal, environment: ProcessEnvironment.current()).render(report)
    }
}
