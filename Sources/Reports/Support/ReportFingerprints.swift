import PolicyCore

/// Each finding's `FindingFingerprint`, computed once over the report's findings in report order
/// (`ReportOrdering.reportedPrecedes`) with files relative to the repository root, so SARIF, JUnit
/// and report.json give one finding the same value.
final class ReportFingerprints {
    /// In report order.
    let sorted: [ReportedFinding]
    let values: [String]
    /// Each finding's file relative to the repository root (`ReportMetadata.repositoryRelative`), as
    /// its fingerprint and SARIF name it.
    let relativeFiles: [String]

    init(_ report: AuditReport) {
        sorted = report.findings.sorted(by: ReportOrdering.reportedPrecedes)
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
        values = FindingFingerprint.assign(sorted.map(\.finding)) { relative($0.file) }
    }
}

/// Hands out the fingerprints of `ReportFingerprints` finding by finding, for a writer that meets the
/// findings in another order: identical findings (same everything) get theirs in turn.
struct FingerprintQueues {
    private var queues: [ReportedFinding: [String]] = [:]

    init(_ prints: ReportFingerprints) {
        for (finding, value) in zip(prints.sorted, prints.values) { queues[finding, default: []].append(value) }
    }

    /// The fingerprint of `finding`.
    mutating func take(_ finding: ReportedFinding) -> String {
        guard var queue = queues[finding], !queue.isEmpty else { return "" }
        let value = queue.removeFirst()
        queues[finding] = queue.isEmpty ? [value] : queue
        return value
    }
}
