/// Finds a value of a given shape that matches, or avoids, sets of condition patterns: "an account id
/// that `1*` matches and `*5` matches, that is not 111122223333", "an organization id matching
/// `o-a*` other than the owner's".
///
/// Each pattern is a small automaton (`*` and `?` as IAM reads them in `StringLike`, `ArnLike` and
/// `StringEquals`); the search appends one character at a time while tracking, for every pattern,
/// the set of positions it can be in, so a state says everything about what any continuation can
/// still match. States already found to lead nowhere are remembered, which keeps the search linear
/// in the value's length times the number of distinct states (for each length tried, shortest first). The alphabet is reduced to the
/// characters the patterns name plus one they do not (every other character behaves like that one),
/// so the search is complete: when it returns nil, no value of the shape meets the requirements.
struct PatternSolver {
    /// One pattern compiled to tokens.
    struct Pattern: Hashable {
        enum Token: Hashable { case byte(UInt8), one(crossesColon: Bool), many(crossesColon: Bool) }
        var tokens: [Token]
        var caseInsensitive: Bool

        /// `*`/`?` are wildcards (`StringLike`); `arnSegments` keeps them within one colon-separated
        /// component before the resource (`ArnLike`, `ArnEquals`).
        init(_ text: String, wildcards: Bool, arnSegments: Bool = false, caseInsensitive: Bool = false) {
            var tokens: [Token] = []
            var segment = 0
            for b in text.utf8 {
                let folded = caseInsensitive ? Self.fold(b) : b
                guard wildcards, b == UInt8(ascii: "*") || b == UInt8(ascii: "?") else {
                    tokens.append(.byte(folded))
                    if b == UInt8(ascii: ":") { segment += 1 }
                    continue
                }
                let crosses = !arnSegments || segment >= 5
                tokens.append(b == UInt8(ascii: "*") ? .many(crossesColon: crosses) : .one(crossesColon: crosses))
            }
            self.tokens = tokens
            self.caseInsensitive = caseInsensitive
        }

        /// The pattern with a final `*` (any text may follow).
        var followedByAnything: Pattern {
            var p = self
            p.tokens.append(.many(crossesColon: true))
            return p
        }

        static func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

        /// The literal bytes the pattern names.
        var literals: Set<UInt8> {
            Set(tokens.compactMap { if case .byte(let b) = $0 { b } else { nil } })
        }

        /// The positions reachable from `positions` without reading (a `*` may match nothing).
        func closure(_ positions: inout [Bool]) {
            for i in tokens.indices where positions[i] {
                if case .many = tokens[i] { positions[i + 1] = true }
            }
        }

        func step(_ positions: [Bool], _ byte: UInt8) -> [Bool] {
            let c = caseInsensitive ? Self.fold(byte) : byte
            var next = Array(repeating: false, count: tokens.count + 1)
            for i in tokens.indices where positions[i] {
                switch tokens[i] {
                case .byte(let b): if b == c { next[i + 1] = true }
                case .one(let crosses): if crosses || c != UInt8(ascii: ":") { next[i + 1] = true }
                case .many(let crosses): if crosses || c != UInt8(ascii: ":") { next[i] = true }
                }
            }
            closure(&next)
            return next
        }

        var start: [Bool] {
            var s = Array(repeating: false, count: tokens.count + 1)
            s[0] = true
            closure(&s)
            return s
        }

        func matches(_ text: String) -> Bool {
            var s = start
            for b in text.utf8 { s = step(s, b) }
            return s[tokens.count]
        }
    }

    /// The value must match at least one of `patterns` (`mustMatch`), or none of them.
    struct Requirement: Hashable {
        var patterns: [Pattern]
        var mustMatch: Bool
    }

    /// The shape of a value: fixed text, then `lengths` characters from `alphabet`.
    struct Shape {
        var prefix: String
        var alphabet: [UInt8]
        var lengths: ClosedRange<Int>

        static let account = Shape(prefix: "", alphabet: Array("0123456789".utf8), lengths: 12...12)
        static let organization = Shape(prefix: "o-", alphabet: Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8), lengths: 10...32)
        /// A role or user name (IAM's name characters; the path separator for role paths).
        static let principalName = Shape(prefix: "", alphabet: Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+=,.@_-/".utf8), lengths: 1...64)
        /// An `aws:userid`: a unique id, `ID:session`, or an account id (root).
        static let userID = Shape(prefix: "", alphabet: Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz:@._-".utf8), lengths: 1...64)
        /// The part of an `aws:PrincipalOrgPaths` value after the organization: `r-ab12/ou-ab12-11111111/`.
        static let organizationPath = Shape(prefix: "", alphabet: Array("abcdefghijklmnopqrstuvwxyz0123456789-/".utf8), lengths: 0...48)
        static let vpc = Shape(prefix: "vpc-", alphabet: Array("0123456789abcdef".utf8), lengths: 8...17)
        static let vpcEndpoint = Shape(prefix: "vpce-", alphabet: Array("0123456789abcdef".utf8), lengths: 8...17)
    }

    /// A value of `shape` meeting every requirement, preferring characters the patterns do not name
    /// (`preferred` first when it is one of them); nil when none exists.
    static func solve(_ shape: Shape, _ requirements: [Requirement], preferred: UInt8? = nil) -> String? {
        let patterns = requirements.flatMap(\.patterns)
        let named = patterns.reduce(into: Set<UInt8>()) { $0.formUnion($1.literals) }
        var alphabet = shape.alphabet.filter { named.contains($0) || named.contains(Pattern.fold($0)) }
        let fresh = shape.alphabet.filter { !named.contains($0) && !named.contains(Pattern.fold($0)) }
        if let preferred, fresh.contains(preferred) { alphabet.insert(preferred, at: 0) }
        else if let first = fresh.first { alphabet.insert(first, at: 0) }

        var state = requirements.map { r in r.patterns.map(\.start) }
        for b in shape.prefix.utf8 { state = state.enumerated().map { i, ps in ps.enumerated().map { j, s in requirements[i].patterns[j].step(s, b) } } }
        /// States (with the length so far) from which no continuation of the target length meets the requirements.
        struct Visited: Hashable { var depth: Int; var state: [[[Bool]]] }
        var dead = Set<Visited>()
        var chosen: [UInt8] = []

        func accepted(_ state: [[[Bool]]]) -> Bool {
            for (i, r) in requirements.enumerated() {
                let any = r.patterns.indices.contains { state[i][$0][r.patterns[$0].tokens.count] }
                if any != r.mustMatch { return false }
            }
            return true
        }
        func search(_ state: [[[Bool]]], _ depth: Int, _ length: Int) -> Bool {
            if depth == length { return accepted(state) }
            let visited = Visited(depth: depth, state: state)
            guard !dead.contains(visited) else { return false }
            for c in alphabet {
                let next = state.enumerated().map { i, ps in ps.enumerated().map { j, s in requirements[i].patterns[j].step(s, c) } }
                chosen.append(c)
                if search(next, depth + 1, length) { return true }
                chosen.removeLast()
            }
            dead.insert(visited)
            return false
        }
        // Shortest first, so values stay readable in messages.
        guard shape.lengths.contains(where: { length in dead.removeAll(keepingCapacity: true); return search(state, 0, length) }) else { return nil }
        return shape.prefix + String(decoding: chosen, as: UTF8.self)
    }
}
