import PolicyCore

/// Excerpts for many findings, finding each source file's lines once, and making each excerpt once
/// for all the writers that show it (report.html, junit.xml and report.json show the same one).
/// Writers rendering at the same time each have their own, backed by one `PreparedExcerpts`.
final class SourceExcerpts {
    private let sources: [String: String]
    private let prepared: PreparedExcerpts?
    private var lines: [String: SourceLines] = [:]
    private var made: [Place: SourceExcerpt?] = [:]

    struct Place: Hashable, Sendable {
        var file: String
        var span: SourceSpan
        var contextLines: Int
    }

    init(_ report: AuditReport, prepared: PreparedExcerpts? = nil) {
        sources = report.sources
        self.prepared = prepared
    }

    func excerpt(for finding: Finding, contextLines: Int = 2) -> SourceExcerpt? {
        let place = Place(file: finding.file, span: finding.span, contextLines: contextLines)
        if let excerpt = prepared?.made[place] { return excerpt }
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

/// Every finding's excerpt with the given numbers of context lines, made before several writers
/// render the report at the same time (file by file, on up to `workers` threads), and then only read.
struct PreparedExcerpts: Sendable {
    fileprivate let made: [SourceExcerpts.Place: SourceExcerpt?]

    init(_ report: AuditReport, contextLines: [Int], workers: Int) {
        var byFile: [String: [SourceSpan]] = [:]
        for reported in report.findings { byFile[reported.finding.file, default: []].append(reported.finding.span) }
        let sources = report.sources
        let made = ParallelWork.map(Array(byFile), workers: workers) { file, spans -> [(SourceExcerpts.Place, SourceExcerpt?)] in
            let lines = sources[file].map(SourceLines.init)
            var seen: Set<SourceExcerpts.Place> = []
            var excerpts: [(SourceExcerpts.Place, SourceExcerpt?)] = []
            for span in spans {
                for context in contextLines {
                    let place = SourceExcerpts.Place(file: file, span: span, contextLines: context)
                    guard seen.insert(place).inserted else { continue }
                    excerpts.append((place, lines.map { SourceExcerpt(lines: $0, span: span, contextLines: context) }))
                }
            }
            return excerpts
        }
        self.made = Dictionary(made.joined(), uniquingKeysWith: { first, _ in first })
    }
}
