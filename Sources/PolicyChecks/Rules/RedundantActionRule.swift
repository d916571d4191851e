import PolicyCore

/// An action listed twice, or already covered by a wildcard in the same statement.
public struct RedundantActionRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "REDUNDANT_ACTION", severity: .info, category: .suggestion,
        title: "Action already covered by another action in the statement",
        help: "The statement lists an action that another entry of the same Action element already matches (a duplicate, or an action under a wildcard such as ecr:*). Removing it changes nothing and makes the grant easier to review.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements {
            guard let action = statement.action, !action.isNegated else { continue }
            let patterns = action.patterns
            // Each entry looked at for wildcards once, not once per pair; entries compared folded in
            // place (most pairs differ in length and are told apart by it).
            let values = patterns.map(\.value)
            let wild = values.map(ActionGlob.hasWildcard)
            for i in patterns.indices {
                // The covering entry: an earlier equal one, or any different one that covers it
                // (two different names without wildcards never cover each other). Compared by
                // index: no entry is copied for a pair that does not cover.
                var cover: Int?
                for j in values.indices where j != i {
                    if ActionGlob.equalFolded(values[j], values[i]) {
                        if j < i { cover = j; break }
                        continue
                    }
                    guard wild[i] || wild[j] else { continue }
                    if ActionGlob.isCovered(values[i], by: values[j], universe: ActionFacts.ecrActions) { cover = j; break }
                }
                guard let cover else { continue }
                let pattern = patterns[i], other = patterns[cover]
                let kept = patterns.enumerated().filter { $0.offset != i }.map(\.element.value)
                let reason = ActionGlob.equalFolded(other.value, pattern.value) ? "is listed twice" : "is already covered by \"\(other.value)\""
                findings.append(input.finding(Self.descriptor, at: pattern.span, statement: statement,
                    message: "\(input.label(statement)): action \"\(pattern.value)\" \(reason).",
                    remediation: "Remove it:\n\"Action\": " + JSONSnippet.strings(Array(ActionList.unique(kept))).rendered(.policy)))
            }
        }
        return findings
    }
}
