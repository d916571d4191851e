import PolicyCore

/// The summary `ecrguard audit` prints: verdict, counts, the findings that matter, failed
/// expectations and failing replication. Pure: whether to colour is decided from the parameters.
public struct TerminalSummary: Sendable {
    /// Colour when writing to a terminal, unless `NO_COLOR` is set to anything non-empty or `TERM=dumb`.
    public var useColor: Bool
    /// At most this many findings are listed (gate failures first); the rest are counted.
    public var maximumFindings: Int

    public init(useColor: Bool, maximumFindings: Int = 50) {
        self.useColor = useColor
        self.maximumFindings = maximumFindings
    }

    /// Decides colour as CLIs conventionally do: a TTY, `NO_COLOR` unset or empty, `TERM` not `dumb`.
    public init(isTerminal: Bool, environment: [String: String], maximumFindings: Int = 50) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        self.init(useColor: isTerminal && !noColor && environment["TERM"] != "dumb", maximumFindings: maximumFindings)
    }

    private enum Style: String {
        case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", boldRed = "1;31", boldGreen = "1;32", boldYellow = "1;33"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    private func paint(_ severity: Severity) -> String {
        let label = severity.rawValue.uppercased()
        switch severity {
        case .critical: return paint(label, .boldRed)
        case .high: return paint(label, .red)
        case .medium: return paint(label, .yellow)
        case .low: return paint(label, .blue)
        case .info: return paint(label, .dim)
        }
    }

    public func render(_ report: AuditReport) -> String {
        let metadata = report.metadata
        var out: [String] = []
        let verdict: String
        switch metadata.verdict {
        case .pass: verdict = paint("PASSED", .boldGreen)
        case .fail: verdict = paint("FAILED", .boldRed)
        case .error: verdict = paint("ERROR", .boldYellow)
        }
        out.append("\(paint("\(metadata.toolName) \(metadata.toolVersion)", .bold)) audit of \(metadata.inputs.joined(separator: ", ")): \(verdict) (exit \(metadata.verdict.exitCode); fail on \(metadata.threshold.rawValue) and above)")
        let counts = report.counts
        let countText = SeverityCounts.displayOrder.map { severity -> String in
            let text = "\(counts[severity]) \(severity.rawValue)"
            return counts[severity] > 0 ? paint(severity == .info ? text : text, severity >= .high ? .red : (severity == .medium ? .yellow : .bold)) : text
        }.joined(separator: ", ")
        let suppressed = report.suppressedCounts.total
        out.append("Findings: \(countText)" + (suppressed > 0 ? " (\(suppressed) suppressed)" : ""))

        let active = report.findings.filter { !$0.isSuppressed }.sorted { a, b in
            if a.failsGate != b.failsGate { return a.failsGate }
            if a.finding.severity != b.finding.severity { return a.finding.severity > b.finding.severity }
            return ReportOrdering.findingPrecedes(a.finding, b.finding)
        }
        if !active.isEmpty { out.append("") }
        for reported in active.prefix(maximumFindings) {
            let finding = reported.finding
            var line = "  \(paint(finding.severity)) \(paint(finding.code, .bold)) \(FindingText.location(finding))"
            if !finding.path.isEmpty { line += " \(paint(finding.path, .dim))" }
            if reported.failsGate { line += " " + paint("[fails gate]", .red) }
            out.append(line)
            out.append("      \(finding.message)")
            if let remediation = finding.remediation, !remediation.isEmpty {
                let lines = remediation.split(separator: "\n", omittingEmptySubsequences: false).prefix(8)
                out.append("      " + paint("fix: ", .green) + lines.joined(separator: "\n           "))
            }
        }
        if active.count > maximumFindings {
            out.append("  \u{2026} and \(active.count - maximumFindings) more (see report.html)")
        }

        if !report.expectations.isEmpty {
            let failed = report.expectations.filter { !$0.passed }.sorted(by: ReportOrdering.expectationPrecedes)
            out.append("")
            out.append("Expectations: \(report.expectations.count - failed.count) passed, " + (failed.isEmpty ? "0 failed" : paint("\(failed.count) failed", .red)))
            for expectation in failed {
                out.append("  \(paint("FAIL", .boldRed)) \(expectation.name): expected \(expectation.expected), got \(expectation.actual)")
                if !expectation.explanation.isEmpty { out.append("      \(expectation.explanation)") }
            }
        }
        if !report.replication.isEmpty {
            let failing = report.replication.filter { $0.status != .allowed }.sorted(by: ReportOrdering.replicationPrecedes)
            out.append("")
            out.append("Replication: \(report.replication.count) destination(s), " + (failing.isEmpty ? "all accepted" : paint("\(failing.count) not accepted", .yellow)))
            for entry in failing {
                let label = entry.status == .failing ? paint("FAILS", .boldRed) : paint("UNKNOWN", .yellow)
                out.append("  \(label) \(entry.sourceRepository) \u{2192} \(entry.destination): \(entry.reason)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
