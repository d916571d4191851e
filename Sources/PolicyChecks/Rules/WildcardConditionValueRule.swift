import PolicyCore

/// A wildcard account, organization or network value in the only restriction of a broad Allow.
public struct WildcardConditionValueRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "WILDCARD_CONDITION_VALUE", severity: .medium, category: .securityWarning,
        title: "Wildcard account or organization in a condition restricts nothing",
        help: "Values such as \"*\", \"o-*\" or \"arn:aws:iam::*:role/deploy\" match callers of any organization or account. Name the organization id or account ids.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        BroadGrant.unrestrictedClauses(input).compactMap { statement, clause, restriction in
            guard case .wildcardValue(let value) = restriction else { return nil }
            let span = clause.values.first { $0.value.text == value }?.span ?? clause.valuesSpan
            return input.finding(Self.descriptor, at: span, statement: statement,
                message: "\(input.label(statement)) allows every principal, and its condition \(clause.op.value) \(clause.key.value) = \"\(value)\" matches callers of any AWS account or organization, so it restricts nothing.",
                remediation: "Replace the wildcard with the concrete organization or account ids" + BroadGrant.fixedStatement(input, statement))
        }
    }
}
