import PolicyCore

/// `ForAllValues:` on a single-valued key is true when the request lacks the key, so it restricts nothing.
public struct ForAllValuesWithSingleValuedKeyRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY", severity: .medium, category: .securityWarning,
        title: "ForAllValues used with a single-valued condition key",
        help: "ForAllValues tests every value of a multi-valued key and is true when the key is missing or empty. On a single-valued key such as aws:PrincipalOrgID it lets in every request that does not carry the key. Use the operator without the ForAllValues: qualifier.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements {
            for clause in statement.condition?.clauses ?? [] {
                let op = clause.op.value
                guard op.setQualifier == .forAllValues, ConditionKeys.isKnownSingleValued(clause.key.value) else { continue }
                var plain = op
                plain.setQualifier = nil
                let fixed = JSONSnippet.object([(plain.description, .object([(clause.key.value, .strings(clause.values.map(\.value.text)))]))])
                let consequence = statement.effect.value == .allow
                    ? "this Allow also applies to every request that does not carry \(clause.key.value) at all"
                    : "this Deny also applies to every request that does not carry \(clause.key.value), which may block more than intended"
                findings.append(input.finding(Self.descriptor, at: clause.op.span, statement: statement,
                    severity: statement.effect.value == .allow ? .high : .low,
                    message: "\(input.label(statement)) uses \(op) on \(clause.key.value), which is single-valued; ForAllValues is true when the key is missing, so \(consequence).",
                    remediation: "Drop the ForAllValues: qualifier:\n" + fixed.rendered(.policy)))
            }
        }
        return findings
    }
}
