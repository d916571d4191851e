/// `Action`/`NotAction`: case-insensitive patterns with `*` and `?`.
final class ActionMatcher: Sendable {
    let isNegated: Bool
    let patterns: [WildcardPattern]
    /// `"*"` among the patterns: matches every action.
    let matchesAll: Bool

    init(_ element: PatternElement) {
        isNegated = element.isNegated
        // A case-insensitive pattern folds ASCII letters itself: only other text needs `lowercased()`.
        patterns = element.patterns.map { WildcardPattern($0.value.isASCII ? $0.value : $0.value.lowercased(), caseInsensitive: true) }
        matchesAll = element.patterns.contains { $0.value == "*" }
    }

    /// For each known action (`KnownActions.lowercased`), whether the statement applies to it: what
    /// `applies(to:)` answers for each, with an exact pattern looked up by its text instead of
    /// matched against every known action (compiling a policy asks this once per statement).
    func appliesToKnownActions() -> [Bool] {
        var hits = [Bool](repeating: matchesAll, count: KnownActions.lowercased.count)
        if !matchesAll {
            for pattern in patterns {
                if pattern.shape == .exact {
                    // The pattern is lower-cased and the known actions are distinct lower-cased names.
                    let id = KnownActions.id(String(decoding: pattern.literal, as: UTF8.self))
                    if id >= 0 { hits[id] = true }
                } else {
                    for (id, action) in KnownActions.lowercased.enumerated() where !hits[id] && pattern.matches(action) { hits[id] = true }
                }
            }
        }
        if isNegated { for id in hits.indices { hits[id].toggle() } }
        return hits
    }

    /// Whether the statement applies to the action (`actionKey` lower-cased).
    @inline(__always)
    func applies(to actionKey: String) -> Bool {
        var hit = matchesAll
        if !hit {
            hit = patterns.withUnsafeBufferPointer { buffer in
                for i in buffer.indices where buffer[i].matches(actionKey) { return true }
                return false
            }
        }
        return hit != isNegated
    }
}
