import PolicyCore

/// Whether one condition clause limits who can call, and if not, why not.
enum CallerRestriction: Equatable, Sendable {
    /// A positive operator pins a caller-identifying key to concrete values.
    case restricts
    /// A negated operator (`StringNotEquals`, `NotIpAddress`, …) lets in everyone not listed.
    case negated
    /// `…IfExists` lets in every caller whose request does not carry the key.
    case ifExists
    /// `ForAllValues:` over a single-valued key matches when the key is missing.
    case forAllValuesOnSingleValuedKey
    /// `Null` only asks whether the key is present.
    case presenceOnly
    /// One of the values is a wildcard for the account or organization (`*`, `o-*`, `arn:aws:iam::*:role/x`).
    case wildcardValue(String)
    /// One of the values is the whole address space (`0.0.0.0/0`, `::/0`).
    case openIPRange(String)
    /// The key is one any caller controls or shares (`aws:PrincipalTag/*`, `aws:username`, …).
    case callerControlledKey
    /// The key says nothing about who calls (`aws:SecureTransport`, `aws:CurrentTime`, …).
    case unrelatedKey

    static func of(_ clause: ConditionClause) -> CallerRestriction {
        let key = clause.key.value
        guard ConditionKeys.isCallerIdentifying(key) else {
            return ConditionKeys.isCallerControlled(key) ? .callerControlledKey : .unrelatedKey
        }
        let op = clause.op.value
        if op.isNegated { return .negated }
        if op.ifExists { return .ifExists }
        if op.setQualifier == .forAllValues && ConditionKeys.isKnownSingleValued(key) { return .forAllValuesOnSingleValuedKey }
        if op.base == .null { return .presenceOnly }
        for value in clause.values {
            let text = value.value.text
            if op.base.family == .ipAddress, isOpenRange(text) { return .openIPRange(text) }
            if op.base.allowsWildcards, isWildcardForCaller(text, key: key.lowercased()) { return .wildcardValue(text) }
        }
        return .restricts
    }

    /// The first clause of a condition block that restricts the caller, if any.
    static func restrictingClause(in condition: ConditionBlock?) -> ConditionClause? {
        condition?.clauses.first { of($0) == .restricts }
    }

    static func isOpenRange(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard let slash = t.firstIndex(of: "/"), t[t.index(after: slash)...] == "0" else { return false }
        return true
    }

    private static func hasWildcard(_ s: some StringProtocol) -> Bool { s.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } }

    /// Whether a `Like`/`Arn` value leaves the account, organization or network open.
    static func isWildcardForCaller(_ text: String, key: String) -> Bool {
        if text == "*" { return true }
        switch key {
        case "aws:principalorgid", "aws:sourceorgid", "aws:principalaccount", "aws:sourceaccount", "aws:sourceowner":
            // Any wildcard inside an organization or account id admits organizations/accounts nobody listed.
            return hasWildcard(text)
        case "aws:principalorgpaths", "aws:sourceorgpaths":
            let org = text.split(separator: "/", maxSplits: 1).first ?? ""
            return hasWildcard(org)
        case "aws:principalarn", "aws:sourcearn":
            let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6 else { return hasWildcard(text) }
            // A `*` ending an earlier segment can swallow the account segment too.
            return hasWildcard(parts[4]) || parts[0..<4].contains { $0.hasSuffix("*") }
        case "aws:sourcevpc", "aws:sourcevpce":
            return hasWildcard(text.prefix(5))
        case "aws:userid":
            let id = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            return hasWildcard(id)
        default:
            return false
        }
    }
}
