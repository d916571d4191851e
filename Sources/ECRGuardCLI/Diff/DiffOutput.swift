import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import Reports

/// How `ecrguard diff` prints a comparison: text for a terminal, Markdown for a pull-request comment
/// or `$GITHUB_STEP_SUMMARY`, JSON, and SARIF (new access and new findings as results).
enum DiffOutput {
    enum Format: String, CaseIterable {
        case text, markdown, json, sarif
    }

    /// Groups listed per table in text and Markdown; the rest are counted (JSON lists every one).
    static let listedGroups = 50
    /// Repositories named per group in text and Markdown.
    static let listedRepositories = 10

    static func render(_ summary: DiffSummary, format: Format, linkBase: String?) throws -> String {
        switch format {
        case .text: text(summary)
        case .markdown: DiffMarkdown(linkBase: linkBase).render(summary)
        case .json: try json(summary)
        case .sarif: String(decoding: try SARIFReportWriter.render(report(summary)), as: UTF8.self)
        }
    }

    static func repositories(_ list: [String]) -> String {
        let shown = list.prefix(listedRepositories).joined(separator: ", ")
        return list.count > listedRepositories ? shown + " and \(list.count - listedRepositories) more" : shown
    }

    static func statement(_ s: DiffSummary.Statement) -> String { "\(s.file):\(s.line) \(s.label)" }

    static func verdict(_ summary: DiffSummary) -> String {
        if summary.headImportGaps > 0 {
            return "FAILED: the head is an import with \(summary.headImportGaps) gap(s) (see its import-report.json); what it could not read may grant access (exit 1)."
        }
        if summary.grantsNewAccess {
            return summary.failOnNewAccess ? "FAILED: the head grants access the base did not (exit 1)."
                : "New access reported; not failing (--no-fail-on-new-access)."
        }
        return "PASSED: no new access (exit 0)."
    }

    // MARK: text

    static func text(_ summary: DiffSummary) -> String {
        var lines = ["ecrguard diff \(summary.base) -> \(summary.head)"]
        for (title, groups, cells) in [("Access added", summary.added, summary.addedCellCount), ("Access removed", summary.removed, summary.removedCellCount)] {
            lines.append("\(title): \(cells) cell(s)")
            for group in groups.prefix(listedGroups) {
                let (now, then) = group.change == .added ? (group.head, group.base) : (group.base, group.head)
                lines.append("  \(group.change == .added ? "+" : "-") \(group.principal) \(group.capability) \(repositories(group.repositories))")
                for s in now.statements { lines.append("      \(group.change == .added ? "granted by" : "was granted by") \(statement(s))") }
                lines.append("      \(group.change == .added ? "base" : "head"): \(then.explanation)")
            }
            if groups.count > listedGroups { lines.append("  ... \(groups.count - listedGroups) more (see --format json)") }
        }
        lines.append("Replication: \(summary.replication.count) change(s)")
        for change in summary.replication {
            let route = change.route
            lines.append("  \(sign(change.change)) \(route.source.account)/\(route.source.region)/\(route.repository.name) -> \(route.destinationLabel): "
                         + "\(change.base.map { $0.status.rawValue } ?? "none") -> \(change.head.map { $0.status.rawValue } ?? "none")"
                         + (change.grantsNewAccess ? " (new access for account \(route.destination.registryId))" : ""))
        }
        lines.append("Findings: \(summary.findings.filter { $0.change == .added }.count) new, \(summary.findings.filter { $0.change == .removed }.count) resolved")
        for change in summary.findings {
            let f = change.finding
            lines.append("  \(sign(change.change)) \(f.file):\(f.span.start.line):\(f.span.start.column): \(f.severity.rawValue) \(f.code) \(f.message)")
        }
        lines.append(verdict(summary))
        return lines.joined(separator: "\n") + "\n"
    }

    static func sign(_ change: RegistryDiff.Change) -> String {
        switch change {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        }
    }

    // MARK: JSON

    struct Document: Encodable {
        var base: String
        var head: String
        var newAccess: Bool
        var exitCode: Int32
        var counts: [String: Int]
        var access: [DiffSummary.CellGroup]
        var replication: [Route]
        var findings: [FindingChange]
    }

    struct Route: Encodable {
        var change: RegistryDiff.Change
        var sourceAccount: String
        var sourceRegion: String
        var repository: String
        var destination: String
        var before: String?
        var after: String?
        var newAccess: Bool
        var reason: String
    }

    struct FindingChange: Encodable {
        var change: RegistryDiff.Change
        var fingerprint: String
        var finding: Finding
    }

    static func json(_ summary: DiffSummary) throws -> String {
        let document = Document(
            base: summary.base, head: summary.head, newAccess: summary.grantsNewAccess, exitCode: summary.exitCode,
            counts: ["accessAdded": summary.addedCellCount, "accessRemoved": summary.removedCellCount,
                     "replicationChanges": summary.replication.count,
                     "findingsAdded": summary.findings.filter { $0.change == .added }.count,
                     "findingsRemoved": summary.findings.filter { $0.change == .removed }.count],
            access: summary.access,
            replication: summary.replication.map { change in
                let route = change.route
                return Route(change: change.change, sourceAccount: route.source.account, sourceRegion: route.source.region,
                             repository: route.repository.name, destination: route.destinationLabel,
                             before: change.base?.status.rawValue, after: change.head?.status.rawValue,
                             newAccess: change.grantsNewAccess, reason: route.reason)
            },
            findings: summary.findings.map { FindingChange(change: $0.change, fingerprint: $0.fingerprint, finding: $0.finding) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    // MARK: SARIF

    /// New access and new findings as a report: one `ACCESS_ADDED` result per group of cells, at the
    /// first statement that grants it (or the replication rule's destination), and each new finding
    /// as itself. Files are already relative to the repository root (`RegistrySource`).
    static func report(_ summary: DiffSummary) -> AuditReport {
        let rule = AuditDescriptors.accessAdded
        var findings: [ReportedFinding] = []
        for group in summary.added {
            let at = group.head.statements.first
            let position = SourcePosition(line: at?.line ?? 1, column: 1, offset: 0)
            let finding = Finding(code: rule.code, severity: rule.severity, category: rule.category, file: at?.file ?? summary.head,
                                  span: SourceSpan(at: position), path: at.map { "Statement[\($0.index)]" } ?? "", statementIndex: at?.index, sid: at?.sid,
                                  message: "\(group.principal) (\(group.principalARN)) can now \(group.capability) \(repositories(group.repositories)): "
                                      + group.head.explanation + ". Base: " + group.base.explanation,
                                  remediation: rule.remediation)
            findings.append(ReportedFinding(finding, failsGate: summary.failOnNewAccess))
        }
        for change in summary.replication where change.grantsNewAccess {
            let route = change.route
            let finding = Finding(code: rule.code, severity: rule.severity, category: rule.category, file: summary.headName(route.destination.location.file),
                                  span: SourceSpan(at: SourcePosition(line: route.destination.location.line, column: route.destination.location.column, offset: 0)),
                                  path: "registries[\(route.source.name)].replication.rules[\(route.rule.index)]",
                                  message: "images of \(route.source.account)/\(route.source.region)/\(route.repository.name) now replicate to account \(route.destination.registryId) (\(route.destinationLabel)): \(route.reason)",
                                  remediation: rule.remediation)
            findings.append(ReportedFinding(finding, failsGate: summary.failOnNewAccess))
        }
        for change in summary.findings where change.change == .added {
            findings.append(ReportedFinding(change.finding, failsGate: false))
        }
        let reported = Set(findings.map(\.finding.code))
        let metadata = ReportMetadata(toolVersion: ecrguardVersion, inputs: [summary.base, summary.head], generatedAt: Date(), threshold: .high,
                                      verdict: summary.exitCode == 0 ? .pass : .fail, command: "diff")
        return AuditReport(metadata: metadata, findings: findings,
                           rules: RuleCatalog.everyCode.filter { reported.contains($0.code) || $0.code == rule.code })
    }
}
