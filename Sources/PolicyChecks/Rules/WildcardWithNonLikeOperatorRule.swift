import PolicyCore

/// `*` or `?` under `StringEquals` and its relatives is compared literally.
public struct WildcardWithNonLikeOperatorRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "WILDCARD_WITH_NON_LIKE_OPERATOR", severity: .low, category: .warning,
        title: "Wildcard in a condition operator that does not expand wildcards",
        help: "StringEquals, StringNotEquals and their IgnoreCase forms compare * and ? as ordinary characters. Use StringLike or StringNotLike if a pattern was meant, or remove the wildcard.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements {
            for clause in statement.condition?.clauses ?? [] {
                let op = clause.op.value
                guard op.base.family == .string, !op.base.allowsWildcards else { continue }
                for value in clause.values where Self.hasUnescapedWildcard(value.value.text) {
                    var like = op
                    like.base = op.isNegated ? .stringNotLike : .stringLike
                    let fixed = JSONSnippet.object([(like.description, .object([(clause.key.value, .strings(clause.values.map(\.value.text)))]))])
                    let effect = op.isNegated ? "matches every value except this exact text" : "matches only this exact text"
                    // On a key naming the caller, the pattern would let in accounts or organizations nobody named.
                    let admitsUnknownCallers = !op.isNegated && statement.effect.value == .allow
                        && CallerRestriction.isWildcardForCaller(value.value.text, key: clause.key.value.lowercased())
                    let remediation = admitsUnknownCallers
                        ? "Write the exact \(clause.key.value) values: as a pattern (\(like.base.rawValue)) \"\(value.value.text)\" would admit callers of accounts or organizations nobody named."
                        : "If a pattern was meant, use \(like.base.rawValue):\n" + fixed.rendered(.policy)
                    findings.append(input.finding(Self.descriptor, at: value.span, statement: statement,
                        message: "\(input.label(statement)): \(op) treats the * or ? in \"\(value.value.text)\" as ordinary characters, so the condition on \(clause.key.value) \(effect).",
                        remediation: remediation))
                }
            }
        }
        return findings
    }

    /// `*`/`?` outside `${…}` (where `${*}` and `${?}` are escapes).
    static func hasUnescapedWildcard(_ text: String) -> Bool {
        // ASCII text: its bytes are its characters (but `\r\n`, one character, which is none of
        // these and no `$`), so they are read without breaking the text into characters. (`withUTF8`
        // of a copy reads small strings too, where `withContiguousStorageIfAvailable` gives up.)
        var copy = text
        let ascii: Bool? = copy.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            var depth = false
            var previous = UInt8(ascii: " ")
            for b in bytes {
                if b == UInt8(ascii: "{") && previous == UInt8(ascii: "$") { depth = true }
                else if b == UInt8(ascii: "}") && depth { depth = false }
                else if !depth && (b == UInt8(ascii: "*") || b == UInt8(ascii: "?")) { return true }
                previous = b
            }
            return false
        }
        if let answer = ascii { return answer }
        return unescapedWildcardByCharacter(text)
    }

    /// `hasUnescapedWildcard` character by character (any text).
    static func unescapedWildcardByCharacter(_ text: String) -> Bool {
        var depth = false
        var previous: Character = " "
        for c in text {
            if c == "{" && previous == "$" { depth = true }
            else if c == "}" && depth { depth = false }
            else if !depth && (c == "*" || c == "?") { return true }
            previous = c
        }
        return false
    }
}
