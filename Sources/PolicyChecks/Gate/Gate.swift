import PolicyCore

/// Why a finding does or does not count for the gate.
public enum FindingState: Sendable, Equatable {
    case active
    /// Accepted in the suppression file.
    case suppressed(Suppression)
    /// Present in the baseline given with `--baseline`.
    case baselined
}

public struct GatedFinding: Sendable, Equatable {
    public var finding: Finding
    public var state: FindingState
    /// Active and at or above the threshold (or an error, or a `--fail-on-code` code).
    public var failsGate: Bool
}

/// The gate's verdict over all findings of one run.
public struct GateResult: Sendable, Equatable {
    /// Every finding, including those about the suppression file, in input order.
    public var findings: [GatedFinding]
    /// The suppression file's name, when one was used.
    public var suppressionFile: String?
    public var failed: Bool { findings.contains { $0.failsGate } }
    public var active: [Finding] { findings.filter { $0.state == .active }.map(\.finding) }
    public var failing: [Finding] { findings.filter(\.failsGate).map(\.finding) }
}

/// Applies suppressions and a baseline to findings and decides pass or fail. Pure: the date and
/// the file-to-repository mapping are parameters.
public struct Gate: Sendable {
    public var policy: GatePolicy
    public var suppressions: Suppressions?
    public var baseline: Baseline?

    public init(policy: GatePolicy = GatePolicy(), suppressions: Suppressions? = nil, baseline: Baseline? = nil) {
        self.policy = policy
        self.suppressions = suppressions
        self.baseline = baseline
    }

    /// - Parameters:
    ///   - checkedFiles: the policy files of this run; an entry for another file is not reported unused.
    ///   - today: the day expiry is judged against (UTC).
    ///   - repositoryOf: the repository a policy file belongs to, for `repository:` entries.
    public func evaluate(_ findings: [Finding], checkedFiles: Set<String>, today: CalendarDate,
                         repositoryOf: (String) -> String? = { _ in nil }) -> GateResult {
        let entries = suppressions?.entries ?? []
        var used = Array(repeating: false, count: entries.count)
        var remainingBaseline = baseline?.counts ?? [:]
        var gated: [GatedFinding] = []
        for finding in findings {
            // A policy AWS would reject cannot be accepted: errors are never suppressed or baselined.
            if finding.category != .error {
                if let i = entries.indices.first(where: { entries[$0].expires >= today && entries[$0].matches(finding, repositoryOf: repositoryOf) }) {
                    used[i] = true
                    gated.append(GatedFinding(finding: finding, state: .suppressed(entries[i]), failsGate: false))
                    continue
                }
                if let fingerprint = finding.fingerprint, let n = remainingBaseline[fingerprint], n > 0 {
                    remainingBaseline[fingerprint] = n - 1
                    gated.append(GatedFinding(finding: finding, state: .baselined, failsGate: false))
                    continue
                }
            }
            gated.append(GatedFinding(finding: finding, state: .active, failsGate: policy.fails(finding)))
        }
        let checked = Set(checkedFiles.map(Suppressions.normalise))
        let checkedRepositories = Set(checkedFiles.compactMap(repositoryOf))
        for (i, entry) in entries.enumerated() {
            let finding: Finding
            if entry.expires < today {
                finding = suppressionFinding(GateDescriptors.expiredSuppression, entry,
                    message: "The suppression of \(entry.summary) expired on \(entry.expires); the findings it covered count again. Its reason was: \(entry.reason)\(entry.reason.hasSuffix(".") ? "" : ".")",
                    remediation: "Fix the policy and remove the entry, or review the risk and set a new 'expires' date with an updated 'reason'.")
            } else if !used[i], entry.file.map({ checked.contains(Suppressions.normalise($0)) }) ?? checkedRepositories.contains(entry.repository ?? "") {
                finding = suppressionFinding(GateDescriptors.unusedSuppression, entry,
                    message: "The suppression of \(entry.summary) matches no finding; the policy may have been fixed.",
                    remediation: "Remove the entry from \(suppressions?.file ?? "the suppression file") so it cannot hide a future finding.")
            } else {
                continue
            }
            gated.append(GatedFinding(finding: finding, state: .active, failsGate: policy.fails(finding)))
        }
        return GateResult(findings: gated, suppressionFile: suppressions?.file)
    }

    private func suppressionFinding(_ descriptor: RuleDescriptor, _ entry: Suppression, message: String, remediation: String) -> Finding {
        let position = SourcePosition(line: entry.line, column: entry.column, offset: 0)
        var f = Finding(code: descriptor.code, severity: descriptor.severity, category: descriptor.category,
                        file: suppressions?.file ?? "", span: SourceSpan(at: position), path: "",
                        statementIndex: entry.statementIndex, sid: entry.sid, message: message, remediation: remediation)
        f.fingerprint = Fingerprint.of(code: descriptor.code, file: f.file, path: entry.summary, statement: entry.expires.description)
        return f
    }
}
