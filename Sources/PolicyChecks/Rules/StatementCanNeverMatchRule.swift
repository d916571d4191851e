import Foundation
import PolicyCore

/// A statement that no request can ever match: dead text that usually hides a mistake.
public struct StatementCanNeverMatchRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "STATEMENT_CAN_NEVER_MATCH", severity: .medium, category: .warning,
        title: "Statement can never apply to any request",
        help: "The statement's conditions contradict each other, or its resources belong to another registry. It has no effect; whatever it was meant to allow or deny is not happening.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements {
            findings += contradictions(statement, input)
            if let reason = foreignResources(statement, input) { findings.append(reason) }
        }
        return findings
    }

    /// `Null: true` together with a positive test of the same key, or an empty numeric/date range.
    private func contradictions(_ statement: Statement, _ input: CheckInput) -> [Finding] {
        guard let clauses = statement.condition?.clauses else { return [] }
        var findings: [Finding] = []
        for clause in clauses where clause.op.value.base == .null && clause.values.allSatisfy({ $0.value.text.lowercased() == "true" }) {
            let key = clause.key.value.lowercased()
            if let other = clauses.first(where: { o in
                o.key.value.lowercased() == key && o.op.value.base != .null && !o.op.value.isNegated && !o.op.value.ifExists && o.op.value.setQualifier == nil
            }) {
                findings.append(input.finding(Self.descriptor, at: clause.op.span, statement: statement,
                    message: "\(input.label(statement)) requires \(clause.key.value) to be absent (Null: true) and also tests its value with \(other.op.value); no request satisfies both, so the statement never applies.",
                    remediation: "Remove one of the two conditions on \(clause.key.value)."))
            }
        }
        var bounds: [String: (lower: (Double, Bool, ConditionClause)?, upper: (Double, Bool, ConditionClause)?)] = [:]
        for clause in clauses where clause.op.value.setQualifier == nil && !clause.op.value.ifExists {
            let values = clause.values.compactMap { Self.magnitude($0.value.text, family: clause.op.value.base.family) }
            guard !values.isEmpty, values.count == clause.values.count else { continue }
            let key = clause.key.value.lowercased()
            var entry = bounds[key] ?? (nil, nil)
            switch clause.op.value.base {
            case .numericGreaterThan, .dateGreaterThan: entry.lower = (values.min()!, true, clause)
            case .numericGreaterThanEquals, .dateGreaterThanEquals: entry.lower = (values.min()!, false, clause)
            case .numericLessThan, .dateLessThan: entry.upper = (values.max()!, true, clause)
            case .numericLessThanEquals, .dateLessThanEquals: entry.upper = (values.max()!, false, clause)
            default: continue
            }
            bounds[key] = entry
        }
        for (_, entry) in bounds.sorted(by: { $0.key < $1.key }) {
            guard let lower = entry.lower, let upper = entry.upper else { continue }
            let empty = lower.1 || upper.1 ? lower.0 >= upper.0 : lower.0 > upper.0
            guard empty else { continue }
            let l = lower.2, u = upper.2
            findings.append(input.finding(Self.descriptor, at: u.op.span, statement: statement,
                message: "\(input.label(statement)) requires \(l.key.value) to be \(l.op.value) \(l.values.map(\.value.text).joined(separator: ", ")) and \(u.op.value) \(u.values.map(\.value.text).joined(separator: ", ")); no value satisfies both, so the statement never applies.",
                remediation: "Check the bounds: the lower bound must be below the upper bound."))
        }
        return findings
    }

    /// A registry policy statement whose resources all name another account's registry.
    private func foreignResources(_ statement: Statement, _ input: CheckInput) -> Finding? {
        guard input.kind == .registry, let owner = input.context.accountID, let resource = statement.resource,
              !resource.isNegated, !resource.patterns.isEmpty else { return nil }
        let accounts = resource.patterns.map { ARN($0.value)?.account }
        guard accounts.allSatisfy({ $0.map { ARN.isAccountID($0) && $0 != owner } ?? false }) else { return nil }
        return input.finding(Self.descriptor, at: resource.span, statement: statement,
            message: "\(input.label(statement)) only names resources of account \(ActionList.unique(accounts.compactMap { $0 }).joined(separator: ", ")), but this registry belongs to \(owner); a registry policy applies only to its own registry, so the statement never applies.",
            remediation: "Use this registry's account in Resource: arn:aws:ecr:REGION:\(owner):repository/NAME.")
    }

    /// Numbers as they are; dates as seconds since 1970: read exactly as the evaluator reads them, so
    /// "never matches" is what evaluation would decide.
    static func magnitude(_ text: String, family: ConditionOperatorFamily) -> Double? {
        switch family {
        case .numeric: NumberValue.parse(text)
        case .date: DateValue.parse(text)
        default: nil
        }
    }
}
