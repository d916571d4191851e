import PolicyCore

/// Excerpts for many findings, finding each source file's lines once, and making each excerpt once
/// for all the writers that show it (report.html, junit.xml and report.json show the same one).
final class SourceExcerpts {
    private let sources: [String: String]
    private var lines: [String: SourceLines] = [:]
    private var made: [Place: SourceExcerpt?] = [:]

    private struct Place: Hashable {
        var file: String
        var span: SourceSpan
        var contextLines: Int
    }

    init(_ report: AuditReport) {
        sources = report.sources
    }

    func excerpt(for finding: Finding, contextLines: Int = 2) -> SourceExcerpt? {
        let place = Place(file: finding.file, span: finding.span, contextLines: contextLines)
        if let excerpt = made[place] { return excerpt }
        let excerpt = make(place)
        made[place] = .some(excerpt)
        return excerpt
    }

    private func make(_ place: Place) -> SourceExcerpt? {
        if let cached = lines[place.file] {
            return SourceExcerpt(lines: cached, span: place.span, contextLines: place.contextLines)
        }
        guard let text = sources[place.file] else { return nil }
        let split = SourceLines(text)
        lines[place.file] = split
        return SourceExcerpt(lines: split, span: place.span, contextLines: place.contextLines)
    }
}
