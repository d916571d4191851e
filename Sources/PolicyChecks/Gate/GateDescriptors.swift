import PolicyCore

/// Codes the gate itself reports, about the suppression file rather than a policy.
public enum GateDescriptors {
    public static let expiredSuppression = RuleDescriptor(
        code: "SUPPRESSION_EXPIRED", severity: .medium, category: .warning,
        title: "Suppression has expired",
        help: "The accepted risk ran past its expiry date, so the finding it covered counts again. Review the risk: fix the policy, or renew the entry with a new reason and date.")
    public static let unusedSuppression = RuleDescriptor(
        code: "SUPPRESSION_UNUSED", severity: .low, category: .warning,
        title: "Suppression matches no finding",
        help: "No finding matches this entry any more, usually because the policy was fixed or renamed. Remove the entry so it cannot hide a future finding.")
    public static var all: [RuleDescriptor] { [expiredSuppression, unusedSuppression] }
}
