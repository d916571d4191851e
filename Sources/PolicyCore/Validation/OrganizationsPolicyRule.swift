/// Resource control policies restrict only: every statement is a `Deny` (the one `Allow` AWS
/// accepts is `RCPFullAWSAccess`: principal, action and resource all `"*"`, no condition), and
/// `NotAction` is not supported.
public struct OrganizationsPolicyRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        guard context.kind == .rcp else { return }
        for statement in context.document.statements {
            if statement.effect.value == .allow && !isFullAccess(statement) {
                reporter.report(IssueCode.error("RCP_SYNTAX_ERROR_ALLOW"), at: statement.effect.span,
                                "a resource control policy can only Deny (the only Allow accepted is RCPFullAWSAccess: \"*\" principal, action and resource, no condition)")
            }
            if let action = statement.action, action.isNegated {
                reporter.report(IssueCode.error("RCP_SYNTAX_ERROR_NOT_ACTION"), at: context.keySpan("NotAction", in: statement),
                                "NotAction is not supported in a resource control policy; list the actions to deny")
            }
        }
    }

    func isFullAccess(_ s: Statement) -> Bool {
        s.condition == nil
            && s.principal.map { !$0.isNegated && $0.entries.map(\.value) == [.everyone] } == true
            && s.action.map { !$0.isNegated && $0.patterns.map(\.value) == ["*"] } == true
            && s.resource.map { !$0.isNegated && $0.patterns.map(\.value) == ["*"] } == true
    }
}
