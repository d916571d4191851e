import PolicyCore

/// Structural facts about a statement's `Principal`, used where a rule needs to know what the
/// author wrote (the access rules decide what it means with the evaluator).
enum PrincipalScope {
    /// Whether an entry names every AWS principal: `"*"`, `{"AWS": "*"}`, or an ARN whose account is a wildcard.
    static func isEveryone(_ entry: PrincipalEntry) -> Bool {
        switch entry {
        case .everyone: return true
        case .aws(let text):
            if text == "*" { return true }
            if let arn = ARN(text) { return arn.account.contains("*") || arn.account.contains("?") }
            return false
        default: return false
        }
    }

    /// Whether the statement applies to every principal (before conditions): `Principal` with an
    /// everyone entry, or any `NotPrincipal`.
    static func coversEveryone(_ statement: Statement) -> Bool {
        guard let principal = statement.principal else { return false }
        if principal.isNegated { return true }
        return principal.entries.contains { isEveryone($0.value) }
    }

    /// The 12-digit account of an `AWS` entry (`111122223333` or an IAM ARN in that account).
    static func account(of entry: PrincipalEntry) -> String? {
        guard case .aws(let text) = entry else { return nil }
        if ARN.isAccountID(text) { return text }
        if let arn = ARN(text), ARN.isAccountID(arn.account) { return arn.account }
        return nil
    }

    static func serviceNames(_ statement: Statement) -> [Located<String>] {
        guard let principal = statement.principal, !principal.isNegated else { return [] }
        return principal.entries.compactMap { entry in
            if case .service(let name) = entry.value { return Located(name, span: entry.span) }
            return nil
        }
    }
}
