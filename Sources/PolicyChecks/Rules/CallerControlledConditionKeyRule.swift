import PolicyCore

/// A broad Allow whose conditions only test keys the caller controls (tags, user name, …).
public struct CallerControlledConditionKeyRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "CALLER_CONTROLLED_CONDITION_KEY", severity: .medium, category: .securityWarning,
        title: "Condition key that callers of other accounts control restricts nothing",
        help: "aws:PrincipalTag/*, aws:RequestTag/*, aws:username, aws:CalledVia and similar keys are set by the caller's own account: anyone can create a user named \"deploy\" or a role tagged team=platform. Restrict by aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        BroadGrant.unrestrictedClauses(input).compactMap { statement, clause, restriction in
            guard restriction == .callerControlledKey else { return nil }
            return input.finding(Self.descriptor, at: clause.key.span, statement: statement,
                message: "\(input.label(statement)) allows every principal and relies on \(clause.key.value), which the caller's own account sets: a principal in any other AWS account can carry the same value.",
                remediation: "Restrict the caller by organization, account or principal ARN" + BroadGrant.fixedStatement(input, statement))
        }
    }
}
