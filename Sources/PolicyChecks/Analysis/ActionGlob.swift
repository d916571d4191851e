/// Case-insensitive `*`/`?` matching of action names (`ecr:Put*` against `ecr:PutImage`), as IAM
/// matches `Action` elements. Works on the UTF-8 bytes without allocating (rules call it in loops).
enum ActionGlob {
    static func matches(_ pattern: String, _ action: String) -> Bool {
        var pattern = pattern, action = action
        return pattern.withUTF8 { p in action.withUTF8 { a in matches(p, a) } }
    }

    @inline(__always)
    private static func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    static func matches(_ p: UnsafeBufferPointer<UInt8>, _ a: UnsafeBufferPointer<UInt8>) -> Bool {
        let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        var pi = 0, ai = 0, starAt = -1, mark = 0
        while ai < a.count {
            if pi < p.count, p[pi] != star, p[pi] == question || fold(p[pi]) == fold(a[ai]) {
                pi += 1; ai += 1
            } else if pi < p.count, p[pi] == star {
                starAt = pi; mark = ai; pi += 1
            } else if starAt >= 0 {
                pi = starAt + 1; mark += 1; ai = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == star { pi += 1 }
        return pi == p.count
    }

    static func hasWildcard(_ text: String) -> Bool {
        // Over the contiguous bytes when the text has them (not through its UTF-8 view).
        if let found = text.utf8.withContiguousStorageIfAvailable({ $0.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } }) {
            return found
        }
        return text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }
    }

    /// Whether the texts' UTF-8 bytes are equal with ASCII letters lower-cased; compared in place
    /// over contiguous bytes (one test of lengths tells most pairs apart).
    static func equalFolded(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let inPlace = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb in
                for i in pa.indices where fold(pa[i]) != fold(pb[i]) { return false }
                return true
            }
        }
        if let answer = inPlace ?? nil { return answer }
        return zip(a.utf8, b.utf8).allSatisfy { fold($0) == fold($1) }
    }

    /// Whether every action `pattern` can match is also matched by `other` (exact for literal
    /// patterns; for wildcard patterns, checked over `universe`).
    static func isCovered(_ pattern: String, by other: String, universe: [String]) -> Bool {
        if other == "*" { return true }
        if !hasWildcard(pattern) { return matches(other, pattern) }
        if equalFolded(pattern, other) { return true }
        var any = false
        for action in universe where matches(pattern, action) {
            guard matches(other, action) else { return false }
            any = true
        }
        return any
    }
}
