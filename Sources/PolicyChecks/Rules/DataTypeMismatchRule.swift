import PolicyCore

/// A condition value that the operator cannot read as its type never matches (or, negated, always does).
public struct DataTypeMismatchRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "DATA_TYPE_MISMATCH", severity: .medium, category: .warning,
        title: "Condition value does not have the operator's type",
        help: "Numeric operators need numbers, Date operators ISO 8601 dates or epoch seconds, IpAddress operators addresses or CIDR ranges, Bool and Null true or false. A value of the wrong type never matches, so a positive condition is never true and a negated one always is.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements {
            for clause in statement.condition?.clauses ?? [] {
                let op = clause.op.value
                for value in clause.values {
                    if op.base.allowsPolicyVariables, input.document.supportsPolicyVariables, value.value.text.contains("${") { continue }
                    guard let expected = ConditionValueType.expectation(for: value.value, family: op.base.family) else { continue }
                    let effect = op.isNegated ? "so this negated condition is always true" : "so this value never matches"
                    findings.append(input.finding(Self.descriptor, at: value.span, statement: statement,
                        message: "\(input.label(statement)): \(op) expects \(expected) for \(clause.key.value), but the value is \"\(value.value.text)\", \(effect).",
                        remediation: "Write the value as \(expected), or use an operator of the value's type (for example StringEquals for text)."))
                }
            }
        }
        return findings
    }
}
