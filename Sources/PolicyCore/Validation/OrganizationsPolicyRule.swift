/// Resource control policies restrict only: every statement is a `Deny` (the one `Allow` AWS
/// accepts is `RCPFullAWSAccess`: principal, action and resource all `"*"`, no condition),
/// `NotAction` is not supported, and the Version must be `2012-10-17` (Organizations, "RCP syntax":
/// the only supported value; an RCP without Version or with 2008-10-17 is rejected).
///
/// The other kinds' own rules live with the element they are about: Principal placement
/// (`PrincipalPlacementRule`), Resource placement (`ResourcePlacementRule`), Sids (`SidRule`),
/// sizes (`PolicySizeRule`). SCPs, VPC endpoint policies, boundaries and session policies accept
/// both IAM versions, as identity policies do.
public struct OrganizationsPolicyRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        guard context.kind == .rcp else { return }
        // A Version AWS does not know at all is reported by the model builder already.
        let unreadableVersion = context.document.version == nil && context.root["Version"] != nil
        if context.document.version?.value != .v2012_10_17, !unreadableVersion {
            let found = context.document.version.map { "Version \($0.value.rawValue)" } ?? "no Version"
            reporter.report(.invalidVersion, at: context.document.version?.span ?? SourceSpan(at: context.document.span.start),
                            "a resource control policy must have Version 2012-10-17, and this one has \(found); Organizations rejects it",
                            remediation: "\"Version\": \"2012-10-17\"")
        }
        for statement in context.document.statements {
            if statement.effect.value == .allow && !isFullAccess(statement) {
                reporter.report(.rcpSyntaxErrorAllow, at: statement.effect.span,
                                "a resource control policy can only Deny (the only Allow accepted is RCPFullAWSAccess: \"*\" principal, action and resource, no condition)")
            }
            if let action = statement.action, action.isNegated {
                reporter.report(.rcpSyntaxErrorNotAction, at: context.keySpan("NotAction", in: statement),
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
