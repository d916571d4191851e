import PolicyCore

/// `Allow` with `NotPrincipal` grants access to every principal not listed, in every account.
public struct AllowWithNotPrincipalRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "ALLOW_WITH_NOT_PRINCIPAL", severity: .high, category: .securityWarning,
        title: "Allow with NotPrincipal grants access to everyone not listed",
        help: "An Allow statement with NotPrincipal applies to every principal except the listed ones: every IAM user and role of every AWS account, and anonymous callers. Name the principals that need access in Principal instead.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        input.document.statements.compactMap { statement in
            guard statement.effect.value == .allow, let principal = statement.principal, principal.isNegated else { return nil }
            let example = JSONSnippet.object([("AWS", .string("arn:aws:iam::\(input.ownerAccountForExamples):role/NAME-THAT-NEEDS-ACCESS"))])
            let fixed = input.snippet(of: statement)?.setting("Principal", example, replacing: "NotPrincipal")
            return input.finding(Self.descriptor, at: principal.span, statement: statement,
                message: "\(input.label(statement)) is an Allow with NotPrincipal, so it grants its actions to every principal except the ones listed: any IAM user or role in any AWS account, and anonymous callers.",
                remediation: "Replace NotPrincipal with a Principal that lists exactly who needs this access" + (fixed.map { ":\n" + $0.rendered(.policy) } ?? "."))
        }
    }
}
