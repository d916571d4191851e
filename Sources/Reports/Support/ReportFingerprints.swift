import PolicyCore

/// Each finding's `FindingFingerprint`, computed once over the report's findings in report order
/// (`ReportOrdering.reportedPrecedes`) with files relative to the repository root, so SARIF, JUnit
/// and report.json give one finding the same value. Immutable: the renderers of one report share it,
/// also when they render at the same time (`ReportDirectoryWriter`).
final class ReportFingerprints: Sendable {
    /// In report order.
    let sorted: [ReportedFinding]
    let values: [String]
    /// Each finding's file relative to the repository root (`ReportMetadata.repositoryRelative`), as
    /// its fingerprint and SARIF name it.
    let relativeFiles: [String]

    /// `workers`: how many threads make the fingerprints (`FindingFingerprint.assign(_:files:workers:)`);
    /// the values are the same whatever the number.
    convenience init(_ report: AuditReport, workers: Int = 1) {
        self.init(report, sorted: report.findings.sorted(by: ReportOrdering.reportedPrecedes), workers: workers)
    }

    /// `sorted`: the report's findings in report order.
    init(_ report: AuditReport, sorted: [ReportedFinding], workers: Int = 1) {
        self.sorted = sorted
        let metadata = report.metadata
        // In report order a file's findings are together: each file is made relative once a pass.
        var last: (file: String, relative: String)?
        func relative(_ file: String) -> String {
            if let last, last.file == file { return last.relative }
            let relative = metadata.repositoryRelative(file)
            last = (file, relative)
            return relative
        }
        relativeFiles = sorted.map { relative($0.finding.file) }
        values = FindingFingerprint.assign(sorted.map(\.finding), files: relativeFiles, workers: workers)
    }
}
