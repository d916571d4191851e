import PolicyChecks
import Reports

extension ReportedFinding {
    /// A finding after the gate, as the report writers take it: active, baselined, or suppressed
    /// by an entry of `suppressionFile` (named with the entry's line).
    init(_ gated: GatedFinding, suppressionFile: String?) {
        switch gated.state {
        case .active:
            self.init(gated.finding, failsGate: gated.failsGate)
        case .baselined:
            self.init(gated.finding, suppression: Reports.Suppression(kind: .baseline, reason: "in the baseline"), failsGate: false)
        case .suppressed(let entry):
            self.init(gated.finding, suppression: Reports.Suppression(kind: .suppressionFile, reason: entry.reason,
                expires: entry.expires.description, entryLocation: "\(suppressionFile ?? ""):\(entry.line)"), failsGate: false)
        }
    }
}
