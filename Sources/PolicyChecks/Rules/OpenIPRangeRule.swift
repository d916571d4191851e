import PolicyCore

/// `0.0.0.0/0` or `::/0` in the only restriction of a broad Allow.
public struct OpenIPRangeRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "OPEN_IP_RANGE", severity: .medium, category: .securityWarning,
        title: "Condition on the whole address space restricts nothing",
        help: "0.0.0.0/0 and ::/0 contain every IPv4 or IPv6 address. An aws:SourceIp condition with them lets every caller through. List the networks that should have access, or restrict by organization or account.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        BroadGrant.unrestrictedClauses(input).compactMap { statement, clause, restriction in
            guard case .openIPRange(let value) = restriction else { return nil }
            let span = clause.values.first { $0.value.text == value }?.span ?? clause.valuesSpan
            return input.finding(Self.descriptor, at: span, statement: statement,
                message: "\(input.label(statement)) allows every principal, and its \(clause.key.value) condition includes \(value), the whole address space, so every caller passes it.",
                remediation: "List the networks that need access (for example 203.0.113.0/24), or restrict the caller by organization or account" + BroadGrant.fixedStatement(input, statement))
        }
    }
}
