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
            if let arn = ARN(text) { return ActionGlob.hasWildcard(arn.account) }
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
        // The fifth colon-separated field of `arn:partition:service:region:account:resource`,
        // found without splitting (this runs for every principal of every policy).
        guard text.hasPrefix("arn:") else { return nil }
        var colons = 0
        var start = text.utf8.startIndex
        for i in text.utf8.indices where text.utf8[i] == UInt8(ascii: ":") {
            colons += 1
            if colons == 4 { start = text.utf8.index(after: i) }
            if colons == 5 {
                let account = text.utf8[start..<i]
                return account.count == 12 && account.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? String(Substring(account)) : nil
            }
        }
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
