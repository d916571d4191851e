import PolicyCore

/// A Deny of `ecr:SetRepositoryPolicy` for every principal: nobody can change the policy again.
public struct LockoutRiskRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "LOCKOUT_RISK", severity: .medium, category: .warning,
        title: "Deny of SetRepositoryPolicy for every principal locks the policy",
        help: "A Deny that matches ecr:SetRepositoryPolicy for every principal, with no condition, also blocks your administrators: once applied, no one can replace or fix this policy through the API. Exempt an administrator role with a condition on aws:PrincipalArn.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        guard input.kind == .repository || input.kind == .registry else { return [] }
        let target = input.kind == .repository ? "ecr:SetRepositoryPolicy" : "ecr:PutRegistryPolicy"
        var findings: [Finding] = []
        for statement in input.document.statements where statement.effect.value == .deny {
            guard let principal = statement.principal, !principal.isNegated,
                  principal.entries.contains(where: { PrincipalScope.isEveryone($0.value) }),
                  statement.condition?.clauses.isEmpty ?? true,
                  let action = statement.action else { continue }
            let matches = action.patterns.contains { ActionGlob.matches($0.value, target) }
            guard matches != action.isNegated else { continue }
            let exemption = JSONSnippet.object([("ArnNotEquals", .object([("aws:PrincipalArn", .string("arn:aws:iam::\(input.ownerAccountForExamples):role/ADMIN-ROLE"))]))])
            let fixed = input.snippet(of: statement)?.setting("Condition", exemption)
            findings.append(input.finding(Self.descriptor, at: action.span, statement: statement,
                message: "\(input.label(statement)) denies \(target) to every principal with no condition: once this policy is applied, nobody, administrators included, can change or remove it through the API.",
                remediation: "Exempt an administrator role" + (fixed.map { ":\n" + $0.rendered(.policy) } ?? ".")))
        }
        return findings
    }
}
