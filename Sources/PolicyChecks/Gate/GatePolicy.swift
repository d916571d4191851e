import PolicyCore

/// When `ecrguard check` fails: any ERROR finding (a policy AWS would reject), any finding at or
/// above `failOn`, and any finding whose code is in `failOnCodes`.
public struct GatePolicy: Sendable, Equatable {
    public var failOn: Severity
    public var failOnCodes: Set<String>

    public init(failOn: Severity = .high, failOnCodes: Set<String> = []) {
        self.failOn = failOn
        self.failOnCodes = failOnCodes
    }

    /// Whether this finding, if active (not suppressed, not in the baseline), fails the gate.
    public func fails(_ finding: Finding) -> Bool {
        finding.category == .error || finding.severity >= failOn || failOnCodes.contains(finding.code)
    }

    public func fails(_ findings: [Finding]) -> Bool { findings.contains(where: fails) }
}
