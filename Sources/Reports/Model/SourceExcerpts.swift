import PolicyCore

/// Excerpts for many findings, finding each source file's lines once, and making each excerpt once
/// for all the writers that show it (report.html, junit.xml and report.json show the same one).
/// Writers rendering at the same time each have their own, backed by one `PreparedExcerpts`.
final class SourceExcerpts {
    private let sources: [String: String]
    private let prepared: PreparedExcerpts?
    private var lines: [String: SourceLines] = [:]
    private var made: [Place: SourceExcerpt?] = [:]
    /// Where in `prepared` the last excerpt's file was: most writers ask in report order, where the
    /// next finding's file is that one or the next (no search).
    private var preparedHint = 0

    struct Place: Hashable {
        var file: String
        var span: SourceSpan
        var contextLines: Int
    }

    init(_ report: AuditReport, prepared: PreparedExcerpts? = nil) {
        sources = report.sources
        self.prepared = prepared
    }

    func excerpt(for finding: Finding, contextLines: Int = 2) -> SourceExcerpt? {
        if let excerpt = prepared?.excerpt(file: finding.file, span: finding.span, contextLines: contextLines, near: &preparedHint) { return excerpt }
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

/// Every finding's excerpt with the given numbers of context lines, made before several writers
/// render the report at the same time (file by file, on up to `workers` threads), and then only read.
/// Kept by file in report order, which sorts the files, so a writer finds a file's excerpts by
/// binary search: nothing is hashed or grouped on one thread before the writers start.
struct PreparedExcerpts: Sendable {
    private struct Spot: Hashable {
        var span: SourceSpan
        var contextLines: Int
    }

    /// The files with findings, ascending (`ReportOrdering.findingPrecedes` orders by file first).
    private let files: [String]
    /// `files[i]`'s excerpts.
    private let excerpts: [[Spot: SourceExcerpt?]]

    /// `sorted`: the report's findings in report order (`ReportFingerprints.sorted`).
    init(_ report: AuditReport, sorted: [ReportedFinding], contextLines: [Int], workers: Int) {
        // In report order a file's findings are together: each run of one file is its share.
        var runs: [Range<Int>] = []
        var start = 0
        for index in sorted.indices.dropFirst() where sorted[index].finding.file != sorted[index - 1].finding.file {
            runs.append(start..<index)
            start = index
        }
        if !sorted.isEmpty { runs.append(start..<sorted.count) }
        let sources = report.sources
        excerpts = ParallelWork.map(runs, workers: workers) { run -> [Spot: SourceExcerpt?] in
            let lines = sources[sorted[run.lowerBound].finding.file].map(SourceLines.init)
            var made: [Spot: SourceExcerpt?] = [:]
            for index in run {
                let span = sorted[index].finding.span
                for context in contextLines where made[Spot(span: span, contextLines: context)] == nil {
                    made[Spot(span: span, contextLines: context)] = .some(lines.map { SourceExcerpt(lines: $0, span: span, contextLines: context) })
                }
            }
            return made
        }
        files = runs.map { sorted[$0.lowerBound].finding.file }
    }

    /// The excerpt prepared for `file` at `span`: nil when none was prepared, `.some(nil)` when the
    /// file has no source to show.
    func excerpt(file: String, span: SourceSpan, contextLines: Int) -> SourceExcerpt?? {
        var hint = 0
        return excerpt(file: file, span: span, contextLines: contextLines, near: &hint)
    }

    /// `excerpt(file:span:contextLines:)`, looking first at file `hint` and the one after it (a
    /// writer going through the findings in report order asks for them in turn), else searching;
    /// `hint` is left at the file found.
    func excerpt(file: String, span: SourceSpan, contextLines: Int, near hint: inout Int) -> SourceExcerpt?? {
        let index: Int
        if hint >= 0, hint < files.count, files[hint] == file {
            index = hint
        } else if hint >= 0, hint + 1 < files.count, files[hint + 1] == file {
            index = hint + 1
        } else {
            var low = 0, high = files.count
            while low < high {
                let middle = (low + high) / 2
                if files[middle] < file { low = middle + 1 } else { high = middle }
            }
            guard low < files.count, files[low] == file else { return nil }
            index = low
        }
        hint = index
        return excerpts[index][Spot(span: span, contextLines: contextLines)]
    }
}
