import PolicyCore

/// Excerpts for many findings, finding each source file's lines once.
final class SourceExcerpts {
    private let sources: [String: String]
    private var lines: [String: SourceLines] = [:]

    init(_ report: AuditReport) {
        sources = report.sources
    }

    func excerpt(for finding: Finding, contextLines: Int = 2) -> SourceExcerpt? {
        if let cached = lines[finding.file] {
            return SourceExcerpt(lines: cached, span: finding.span, contextLines: contextLines)
        }
        guard let text = sources[finding.file] else { return nil }
        let split = SourceLines(text)
        lines[finding.file] = split
        return SourceExcerpt(lines: split, span: finding.span, contextLines: contextLines)
    }
}
