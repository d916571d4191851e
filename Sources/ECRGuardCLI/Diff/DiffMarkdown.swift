import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit

/// The comparison as GitHub-flavoured Markdown, for a pull-request comment or `$GITHUB_STEP_SUMMARY`:
/// a verdict line, then tables of access added and removed (with the deciding statements on both
/// sides), replication changes and findings. Text from the policies is escaped so it cannot break a
/// table or inject markup; with `linkBase` (`https://github.com/OWNER/REPO/blob/SHA`) statements
/// link to their line.
struct DiffMarkdown {
    var linkBase: String?

    func render(_ summary: DiffSummary) -> String {
        var out: [String] = []
        let title = summary.grantsNewAccess ? "new access" : "no new access"
        out.append("## ecrguard diff: \(title)")
        out.append("")
        out.append("Base \(code(summary.base)) → head \(code(summary.head)): **\(summary.addedCellCount)** access cell(s) added, "
                   + "**\(summary.removedCellCount)** removed, \(summary.replication.count) replication change(s), "
                   + "\(summary.findings.filter { $0.change == .added }.count) new and \(summary.findings.filter { $0.change == .removed }.count) resolved finding(s).")
        out.append("")
        out.append("**\(DiffOutput.verdict(summary))**")
        for (title, groups) in [("Access added", summary.added), ("Access removed", summary.removed)] where !groups.isEmpty {
            out.append("")
            out.append("### \(title)")
            out.append("")
            let added = groups.first?.change == .added
            out.append("| Principal | Capability | Repositories | \(added ? "Granted by (head)" : "Granted by (base)") | \(added ? "Base" : "Head") |")
            out.append("| --- | --- | --- | --- | --- |")
            for group in groups.prefix(DiffOutput.listedGroups) {
                let (now, then) = added ? (group.head, group.base) : (group.base, group.head)
                out.append("| " + [
                    code(group.principal) + "<br>" + code(group.principalARN),
                    code(group.capability),
                    group.repositories.prefix(DiffOutput.listedRepositories).map(code).joined(separator: ", ")
                        + (group.repositories.count > DiffOutput.listedRepositories ? " and \(group.repositories.count - DiffOutput.listedRepositories) more" : ""),
                    now.statements.map(statement).joined(separator: "<br>"),
                    cell(then.explanation) + (then.statements.isEmpty ? "" : "<br>" + then.statements.map(statement).joined(separator: "<br>")),
                ].joined(separator: " | ") + " |")
            }
            if groups.count > DiffOutput.listedGroups {
                out.append("")
                out.append("… and \(groups.count - DiffOutput.listedGroups) more groups (`ecrguard diff --format json` lists every cell).")
            }
        }
        if !summary.replication.isEmpty {
            out.append("")
            out.append("### Replication")
            out.append("")
            out.append("| Change | Source repository | Destination | Base → head | Reason |")
            out.append("| --- | --- | --- | --- | --- |")
            for change in summary.replication {
                let route = change.route
                out.append("| " + [
                    change.change.rawValue + (change.grantsNewAccess ? " (**new access**)" : ""),
                    code("\(route.source.account)/\(route.source.region)/\(route.repository.name)"),
                    code(route.destinationLabel),
                    (change.base.map { $0.status.rawValue } ?? "none") + " → " + (change.head.map { $0.status.rawValue } ?? "none"),
                    cell(route.reason),
                ].joined(separator: " | ") + " |")
            }
        }
        if !summary.findings.isEmpty {
            out.append("")
            out.append("### Findings")
            out.append("")
            out.append("| Change | Severity | Rule | Location | Message |")
            out.append("| --- | --- | --- | --- | --- |")
            for change in summary.findings {
                let f = change.finding
                let rule = RuleCatalog.descriptor(for: f.code)
                out.append("| " + [
                    change.change == .added ? "new" : "resolved", f.severity.rawValue,
                    rule?.linkableHelpURI.map { "[\(code(f.code))](\($0))" } ?? code(f.code),
                    location(file: f.file, line: f.span.start.line, label: "\(f.file):\(f.span.start.line):\(f.span.start.column)"),
                    cell(f.message),
                ].joined(separator: " | ") + " |")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func statement(_ s: DiffSummary.Statement) -> String {
        location(file: s.file, line: s.line, label: "\(s.file):\(s.line)") + " " + cell(s.label)
    }

    /// `file:line` as code, linked to the line when a link base is known.
    func location(file: String, line: Int, label: String) -> String {
        guard let linkBase else { return code(label) }
        let base = linkBase.hasSuffix("/") ? String(linkBase.dropLast()) : linkBase
        let path = file.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }.joined(separator: "/")
        return "[\(code(label))](\(base)/\(path)#L\(line))"
    }

    /// Inline code that survives any content: a fence longer than any run of backticks inside, and
    /// `|` escaped so a table cell is not split.
    func code(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
        var longest = 0, run = 0
        for c in flat { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return fence + pad + flat + pad + fence
    }

    /// Plain text in a table cell, one line: `<`, `>` and `&` as character references, and the
    /// characters Markdown gives meaning to backslash-escaped (those CommonMark and Python-Markdown
    /// both accept), so policy text can neither add markup nor split the row.
    func cell(_ text: String) -> String {
        var out = ""
        for c in text.replacingOccurrences(of: "\n", with: " ") {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "!": out.append("\\"); out.append(c)
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "&": out.append("&amp;")
            default: out.append(c)
            }
        }
        return out
    }
}
