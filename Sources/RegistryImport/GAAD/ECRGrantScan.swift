import PolicyCore

/// Whether an identity policy can allow any `ecr:` action: an Allow statement whose `Action` matches
/// one (`*`, `ecr:*`, `ecr:Get*`, `*:Describe*`) or whose `NotAction` leaves one out. Conditions and
/// resources are ignored (they narrow a grant, they do not remove the principal from the question).
/// Actions come from the action catalog; an `ecr:` name the catalog does not know counts too. A
/// document that does not parse counts: what cannot be read is not assumed harmless.
enum ECRGrantScan {
    static let ecrActions: [String] = ActionCatalog.shared.actions(ofService: "ecr").map(\.fullName)

    static func canAllowECR(_ text: String) -> Bool {
        guard let document = PolicyParser.parse(text, kind: .identity, file: "scan").document else { return true }
        return document.statements.contains { statement in
            guard statement.effect.value == .allow, let action = statement.action else { return false }
            let patterns = action.patterns.map { WildcardPattern($0.value, caseInsensitive: true) }
            if action.isNegated {
                return ecrActions.contains { name in !patterns.contains { $0.matches(name) } }
            }
            return action.patterns.contains { $0.value.lowercased().hasPrefix("ecr:") }
                || ecrActions.contains { name in patterns.contains { $0.matches(name) } }
        }
    }
}
