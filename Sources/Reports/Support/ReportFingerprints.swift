import PolicyCore

/// Each finding's `FindingFingerprint`, computed once over the report's findings in report order
/// (`ReportOrdering.reportedPrecedes`) with files relative to the repository root, so SARIF, JUnit
/// and report.json give one finding the same value.
final class ReportFingerprints {
    /// In report order.
    let sorted: [ReportedFinding]
    let values: [String]

    init(_ report: AuditReport) {
        sorted = report.findings.sorted(by: ReportOrdering.reportedPrecedes)
        let metadata = report.metadata
        values = FindingFingerprint.assign(sorted.map(\.finding)) { metadata.repositoryRelative($0.file) }
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
