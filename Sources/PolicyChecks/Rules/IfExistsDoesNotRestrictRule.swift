import PolicyCore

/// `…IfExists` on a caller-identifying key in a broad Allow admits every request without that key.
public struct IfExistsDoesNotRestrictRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "IF_EXISTS_DOES_NOT_RESTRICT", severity: .medium, category: .securityWarning,
        title: "IfExists condition in an Allow for every principal restricts nothing",
        help: "An operator ending in IfExists is true when the request does not carry the key. Callers outside any organization have no aws:PrincipalOrgID, calls from the internet have no aws:SourceVpc, so they pass. Drop the IfExists suffix.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        BroadGrant.unrestrictedClauses(input).compactMap { statement, clause, restriction in
            guard restriction == .ifExists else { return nil }
            var strict = clause.op.value
            strict.ifExists = false
            let fixed = JSONSnippet.object([(strict.description, .object([(clause.key.value, .strings(clause.values.map(\.value.text)))]))])
            return input.finding(Self.descriptor, at: clause.op.span, statement: statement,
                message: "\(input.label(statement)) allows every principal and checks \(clause.key.value) only if the request carries it (\(clause.op.value)): any caller whose request lacks the key passes.",
                remediation: "Drop the IfExists suffix so a request without the key is refused:\n" + fixed.rendered(.policy))
        }
    }
}
