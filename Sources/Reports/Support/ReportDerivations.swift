/// What several writers derive alike from one report's findings: the findings in report order, each
/// one's fingerprint (`ReportFingerprints`) and the excerpts of the source files (`SourceExcerpts`, each made once).
/// `ReportDirectoryWriter` computes them once for the four reports it renders; a writer called on
/// its own computes them for itself. Read only: a writer takes a finding's fingerprint by its index
/// in report order.
final class ReportDerivations {
    private let report: AuditReport
    let excerpts: SourceExcerpts
    /// The findings in report order (`ReportOrdering.reportedPrecedes`), sorted once.
    private(set) lazy var sorted = report.findings.sorted(by: ReportOrdering.reportedPrecedes)
    private(set) lazy var fingerprints = ReportFingerprints(report, sorted: sorted)

    init(_ report: AuditReport) {
        self.report = report
        excerpts = SourceExcerpts(report)
    }
}
