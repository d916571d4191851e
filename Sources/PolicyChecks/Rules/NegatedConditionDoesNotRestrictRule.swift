import PolicyCore

/// A negated operator on a caller-identifying key in a broad Allow admits everyone not listed.
public struct NegatedConditionDoesNotRestrictRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "NEGATED_CONDITION_DOES_NOT_RESTRICT", severity: .medium, category: .securityWarning,
        title: "Negated condition in an Allow for every principal restricts nothing",
        help: "StringNotEquals, ArnNotLike, NotIpAddress and the other negated operators are true for every value not listed, and for requests without the key. In an Allow for Principal \"*\" they let in every other account. Use the positive operator with the callers that should have access.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        BroadGrant.unrestrictedClauses(input).compactMap { statement, clause, restriction in
            guard restriction == .negated else { return nil }
            return input.finding(Self.descriptor, at: clause.op.span, statement: statement,
                message: "\(input.label(statement)) allows every principal unless \(clause.key.value) matches the listed values (\(clause.op.value)): every caller of every other AWS account passes this condition.",
                remediation: "Use a positive operator that lists who may call" + BroadGrant.fixedStatement(input, statement))
        }
    }
}
