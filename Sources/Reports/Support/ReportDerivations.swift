/// What several writers derive alike from one report's findings: the findings in report order, each
/// one's fingerprint (`ReportFingerprints`) and the excerpts of the source files (`SourceExcerpts`, each made once).
/// `ReportDirectoryWriter` computes them once, before the four reports it renders (which may render
/// at the same time); a writer called on its own computes them for itself. Read only: a writer takes a finding's fingerprint by its index in
/// report order.
final class ReportDerivations {
    private let report: AuditReport
    let excerpts: SourceExcerpts
    /// The findings in report order (`ReportOrdering.reportedPrecedes`), sorted once.
    private(set) lazy var sorted = given?.sorted ?? report.findings.sorted(by: ReportOrdering.reportedPrecedes)
    private(set) lazy var fingerprints = given ?? ReportFingerprints(report, sorted: sorted)
    private let given: ReportFingerprints?

    init(_ report: AuditReport) {
        self.report = report
        excerpts = SourceExcerpts(report)
        given = nil
    }

    /// One renderer's derivations when several render the same report at once: the order,
    /// fingerprints and excerpts computed once for all of them before (immutable), and its own
    /// cache for any excerpt not prepared (no two threads share this class's mutable state).
    init(_ report: AuditReport, fingerprints: ReportFingerprints, excerpts prepared: PreparedExcerpts) {
        self.report = report
        excerpts = SourceExcerpts(report, prepared: prepared)
        given = fingerprints
    }
}
