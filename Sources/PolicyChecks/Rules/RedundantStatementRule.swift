import PolicyCore

/// A statement whose every request another statement of the same effect already covers.
public struct RedundantStatementRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "REDUNDANT_STATEMENT", severity: .info, category: .suggestion,
        title: "Statement is covered by another statement",
        help: "Another statement with the same effect, principal, resource and conditions already includes every action of this one. Removing the redundant statement changes nothing.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        let statements = input.document.statements
        var findings: [Finding] = []
        // Each statement's key built once, not once per pair, and only when a pair of the same
        // effect needs it (keys begin with the effect: statements of different effects never match).
        var keys = [String?](repeating: nil, count: statements.count)
        func key(_ position: Int) -> String {
            if let known = keys[position] { return known }
            let built = Self.scopeKey(statements[position])
            keys[position] = built
            return built
        }
        for sPosition in statements.indices {
            let s = statements[sPosition]
            guard let sActions = s.action, !sActions.isNegated else { continue }
            let cover = statements.indices.first { tPosition in
                let t = statements[tPosition]
                guard t.index != s.index, let tActions = t.action, !tActions.isNegated,
                      t.effect.value == s.effect.value, key(tPosition) == key(sPosition) else { return false }
                let covers = sActions.patterns.allSatisfy { p in
                    tActions.patterns.contains { ActionGlob.isCovered(p.value, by: $0.value, universe: ActionFacts.ecrActions) }
                }
                guard covers else { return false }
                // Two identical statements: report the later one only.
                let reverse = tActions.patterns.allSatisfy { p in
                    sActions.patterns.contains { ActionGlob.isCovered(p.value, by: $0.value, universe: ActionFacts.ecrActions) }
                }
                return !reverse || t.index < s.index
            }.map { statements[$0] }
            guard let cover else { continue }
            findings.append(input.finding(Self.descriptor, at: s.span, statement: s,
                message: "\(input.label(s)) grants nothing that \(input.label(cover)) does not already \(s.effect.value == .allow ? "allow" : "deny"): same principal, resource and conditions, and its actions are a subset.",
                remediation: "Remove \(input.label(s)), or merge what differs into \(input.label(cover))."))
        }
        return findings
    }

    /// Everything but the actions, without source positions: statements with equal keys apply to the same requests.
    static func scopeKey(_ s: Statement) -> String {
        var key = s.effect.value.rawValue + "|"
        if let p = s.principal {
            key += (p.isNegated ? "!" : "") + p.entries.map(\.value.typedText).sorted().joined(separator: ",")
        }
        key += "|"
        if let r = s.resource {
            key += (r.isNegated ? "!" : "") + r.patterns.map(\.value).sorted().joined(separator: ",")
        }
        key += "|"
        if let c = s.condition {
            key += c.clauses.map { $0.op.value.description + "/" + $0.key.value.lowercased() + "=" + $0.values.map(\.value.text).sorted().joined(separator: ",") }
                .sorted().joined(separator: ";")
        }
        return key
    }
}
