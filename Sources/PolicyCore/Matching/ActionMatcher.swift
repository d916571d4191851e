/// `Action`/`NotAction`: case-insensitive patterns with `*` and `?`.
final class ActionMatcher: Sendable {
    let isNegated: Bool
    let patterns: [WildcardPattern]
    /// `"*"` among the patterns: matches every action.
    let matchesAll: Bool

    init(_ element: PatternElement) {
        isNegated = element.isNegated
        patterns = element.patterns.map { WildcardPattern($0.value.lowercased(), caseInsensitive: true) }
        matchesAll = element.patterns.contains { $0.value == "*" }
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
