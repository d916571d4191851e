/// Turns pattern text (possibly with resolved policy variables) into `WildcardPattern` tokens
/// under one of the three wildcard dialects of IAM.
public enum PatternDialect: Sendable, Hashable {
    /// `*` and `?` match anything, colons included (actions, `StringLike`).
    case plain
    /// Resource ARNs (IAM User Guide, "Using wildcards in resource ARNs"): wildcards stay within one
    /// colon-separated segment, except a `*` that ends a segment, which may expand across colons;
    /// in the resource segment (after the fifth colon) `*` spans anything, `/` and `:` included; the
    /// service segment cannot hold a wildcard (such a pattern matches nothing).
    case resourceARN
    /// `ArnEquals`/`ArnLike`: each of the six colon-delimited components is matched separately, so
    /// a wildcard never crosses a colon before the resource component. A pattern with fewer than six
    /// components matches nothing.
    case arnCondition
}

/// Accumulates the bytes of a pattern and produces tokens for a dialect.
struct PatternTokenizer {
    private var raw: [(byte: UInt8, wildcard: Bool)] = []
    let dialect: PatternDialect
    let caseInsensitive: Bool

    init(dialect: PatternDialect, caseInsensitive: Bool, capacity: Int = 64) {
        self.dialect = dialect
        self.caseInsensitive = caseInsensitive
        raw.reserveCapacity(capacity)
    }

    /// Appends text whose `*` and `?` are wildcards.
    mutating func appendPattern(_ text: some StringProtocol) {
        for b in text.utf8 { raw.append((b, b == UInt8(ascii: "*") || b == UInt8(ascii: "?"))) }
    }

    /// Appends text taken literally (escapes and resolved variable values).
    mutating func appendLiteral(_ text: some StringProtocol) {
        for b in text.utf8 { raw.append((b, false)) }
    }

    /// The pattern, or nil when it can match nothing under the dialect's rules.
    func build() -> WildcardPattern? {
        var tokens: [WildcardPattern.Token] = []
        tokens.reserveCapacity(raw.count)
        let colon = UInt8(ascii: ":")
        switch dialect {
        case .plain:
            for r in raw {
                if r.wildcard { tokens.append(r.byte == UInt8(ascii: "*") ? .many(crossesColon: true) : .one(crossesColon: true)) }
                else { tokens.append(.byte(caseInsensitive ? asciiLower(r.byte) : r.byte)) }
            }
        case .resourceARN, .arnCondition:
            let isARN = raw.count >= 4 && raw[0].byte == 97 && raw[1].byte == 114 && raw[2].byte == 110 && raw[3].byte == colon
                && !raw[0].wildcard && !raw[1].wildcard && !raw[2].wildcard
            guard isARN else {
                if dialect == .arnCondition { return nil }
                // Not an ARN (`*` alone, or free text): plain matching.
                var plain = PatternTokenizer(dialect: .plain, caseInsensitive: caseInsensitive)
                plain.raw = raw
                return plain.build()
            }
            var segment = 0
            for (i, r) in raw.enumerated() {
                if !r.wildcard {
                    tokens.append(.byte(caseInsensitive ? asciiLower(r.byte) : r.byte))
                    if r.byte == colon && segment < 5 { segment += 1 }
                    continue
                }
                if segment == 2 { return nil }  // the service segment (`arn:partition:SERVICE:`) takes no wildcard
                let inResource = segment >= 5
                if r.byte == UInt8(ascii: "?") {
                    tokens.append(.one(crossesColon: inResource))
                } else if inResource {
                    tokens.append(.many(crossesColon: true))
                } else if dialect == .resourceARN {
                    let endsSegment = i + 1 == raw.count || (raw[i + 1].byte == colon && !raw[i + 1].wildcard)
                    tokens.append(.many(crossesColon: endsSegment))
                } else {
                    tokens.append(.many(crossesColon: false))
                }
            }
            if dialect == .arnCondition && segment < 5 { return nil }
        }
        return WildcardPattern(tokens: tokens, caseInsensitive: caseInsensitive)
    }
}
