import PolicyCore

/// Lists every other account and organization the policy grants something, and what.
public struct ExternalAccessRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "EXTERNAL_ACCESS", severity: .info, category: .warning,
        title: "Access granted outside the owner's account",
        help: "For review: each account or organization other than the registry's own that this policy lets in, and what it can do, as the evaluator decides it. Cross-account access also needs the other account's identity policies to allow it; ecrguard assumes they do.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        // The owner's own organization is not external (OVERBROAD_WRITE_ACCESS still reports organization-wide writes).
        input.access.parties.filter { !($0.kind == .organization && $0.id == input.context.organizationID) }.map { party in
            let ownerNote = input.context.accountID == nil
                ? " The owner's account is not known (give it with --account), so this may be your own account."
                : ""
            return input.finding(Self.descriptor, at: party.span, statement: party.statement,
                message: "\(party.capitalizedName) can \(party.exposure.summary)\(party.statementsText(input)).\(ownerNote)",
                remediation: "No change needed if this access is intended; otherwise remove \(party.kind == .account ? "the account" : "the organization") from the policy or narrow the actions.")
        }
    }
}
