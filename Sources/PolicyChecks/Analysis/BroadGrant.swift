import PolicyCore

/// Allow statements of resource policies that apply to every principal and whose conditions do not
/// restrict the caller: the statements whose conditions the "does not restrict" rules explain.
enum BroadGrant {
    static let resourcePolicyKinds: Set<PolicyKind> = [.repository, .registry]

    typealias UnrestrictedClause = (statement: Statement, clause: ConditionClause, restriction: CallerRestriction)

    /// Each clause of an unrestricted broad Allow, with why it does not restrict: as `PolicyChecker`
    /// found them once for the five rules that read them, else found now.
    static func unrestrictedClauses(_ input: CheckInput) -> [UnrestrictedClause] {
        input.precomputedUnrestrictedClauses ?? findUnrestrictedClauses(input)
    }

    static func findUnrestrictedClauses(_ input: CheckInput) -> [UnrestrictedClause] {
        guard resourcePolicyKinds.contains(input.kind) else { return [] }
        var result: [(Statement, ConditionClause, CallerRestriction)] = []
        for statement in input.document.statements where statement.effect.value == .allow && PrincipalScope.coversEveryone(statement) {
            guard let condition = statement.condition, CallerRestriction.restrictingClause(in: condition) == nil else { continue }
            for clause in condition.clauses { result.append((statement, clause, CallerRestriction.of(clause))) }
        }
        return result
    }

    /// A condition that does restrict the caller, for remediation snippets.
    static func exampleRestriction(_ input: CheckInput) -> JSONSnippet {
        if let org = input.context.organizationID {
            return .object([("StringEquals", .object([("aws:PrincipalOrgID", .string(org))]))])
        }
        return .object([("StringEquals", .object([("aws:PrincipalAccount", .string(input.ownerAccountForExamples))]))])
    }

    /// The statement with its condition replaced by `exampleRestriction`, as a remediation snippet.
    static func fixedStatement(_ input: CheckInput, _ statement: Statement) -> String {
        guard let snippet = input.snippet(of: statement) else { return "" }
        return ":\n" + snippet.setting("Condition", exampleRestriction(input)).rendered(.policy)
    }

    /// A `Condition` object of `clauses` (as written) plus the operators of `addition`.
    static func condition(_ clauses: [ConditionClause], adding addition: JSONSnippet) -> JSONSnippet {
        var ops: [(String, [(String, JSONSnippet)])] = []
        func add(_ op: String, _ key: String, _ value: JSONSnippet) {
            if let i = ops.firstIndex(where: { $0.0 == op }) { ops[i].1.append((key, value)) } else { ops.append((op, [(key, value)])) }
        }
        for clause in clauses {
            add(clause.op.value.description, clause.key.value, .strings(clause.values.map(\.value.text)))
        }
        if case .object(let extra) = addition {
            for (op, keys) in extra {
                if case .object(let members) = keys { for (k, v) in members { add(op, k, v) } }
            }
        }
        return .object(ops.map { ($0.0, .object($0.1)) })
    }
}
