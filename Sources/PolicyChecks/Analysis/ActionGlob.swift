/// Case-insensitive `*`/`?` matching of action names (`ecr:Put*` against `ecr:PutImage`), as IAM
/// matches `Action` elements.
enum ActionGlob {
    static func matches(_ pattern: String, _ action: String) -> Bool {
        let p = Array(pattern.lowercased().utf8), a = Array(action.lowercased().utf8)
        var pi = 0, ai = 0, star = -1, mark = 0
        while ai < a.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == a[ai] {
                pi += 1; ai += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ai; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ai = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }

    /// Whether every action `pattern` can match is also matched by `other` (exact for literal
    /// patterns; for wildcard patterns, checked over `universe`).
    static func isCovered(_ pattern: String, by other: String, universe: [String]) -> Bool {
        if other == "*" { return true }
        if !pattern.contains("*") && !pattern.contains("?") { return matches(other, pattern) }
        if pattern.lowercased() == other.lowercased() { return true }
        let expanded = universe.filter { matches(pattern, $0) }
        return !expanded.isEmpty && expanded.allSatisfy { matches(other, $0) }
    }
}
