/// Finds a value of a given shape that matches, or avoids, sets of condition patterns: "an account id
/// that `1*` matches and `*5` matches, that is not 111122223333", "an organization id matching
/// `o-a*` other than the owner's".
///
/// Each pattern is a small automaton (`*` and `?` as IAM reads them in `StringLike`, `ArnLike` and
/// `StringEquals`); the search appends one character at a time while tracking, for every pattern,
/// the set of positions it can be in, so a state says everything about what any continuation can
/// still match. The search is breadth first and visits each state once (a shortest value is
/// found), so its cost is the number of distinct states times the alphabet. The alphabet is reduced to the
/// characters the patterns name plus one they do not (every other character behaves like that one),
/// so the search is complete: when it returns nil, no value of the shape meets the requirements.
struct PatternSolver {
    /// One pattern compiled to tokens.
    struct Pattern: Hashable {
        enum Token: Hashable { case byte(UInt8), one(crossesColon: Bool), many(crossesColon: Bool) }
        private(set) var tokens: [Token]
        private(set) var caseInsensitive: Bool
        /// The bytes of a pattern without `*` or `?` (folded when case-insensitive); nil when it
        /// has one. Built with the tokens, once per pattern.
        private(set) var literalBytes: [UInt8]?

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
            literalBytes = Self.literalBytes(tokens)
        }

        private static func literalBytes(_ tokens: [Token]) -> [UInt8]? {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(tokens.count)
            for token in tokens {
                guard case .byte(let b) = token else { return nil }
                bytes.append(b)
            }
            return bytes
        }

        /// The pattern with a final `*` (any text may follow).
        var followedByAnything: Pattern {
            var p = self
            p.tokens.append(.many(crossesColon: true))
            p.literalBytes = nil
            return p
        }

        static func fold(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

        /// Whether the pattern is an exact text (no `*` or `?`, case-sensitive).
        var isLiteral: Bool { !caseInsensitive && literalBytes != nil }

        /// The text of a literal pattern.
        var literalText: String {
            String(decoding: literalBytes ?? tokens.compactMap { if case .byte(let b) = $0 { b } else { nil } }, as: UTF8.self)
        }

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
            var next = Array(repeating: false, count: tokens.count + 1)
            advance(positions, at: 0, byte, into: &next)
            return next
        }

        /// `step` for the pattern's positions stored from `offset` in `positions`, setting the
        /// positions reached from `offset` in `next` (whose own positions start all false): the
        /// solver keeps every pattern in one vector and steps them in place.
        func advance(_ positions: [Bool], at offset: Int, _ byte: UInt8, into next: inout [Bool]) {
            let c = caseInsensitive ? Self.fold(byte) : byte
            for i in tokens.indices where positions[offset + i] {
                switch tokens[i] {
                case .byte(let b): if b == c { next[offset + i + 1] = true }
                case .one(let crosses): if crosses || c != UInt8(ascii: ":") { next[offset + i + 1] = true }
                case .many(let crosses): if crosses || c != UInt8(ascii: ":") { next[offset + i] = true }
                }
            }
            // The closure (`closure`), in place.
            for i in tokens.indices where next[offset + i] {
                if case .many = tokens[i] { next[offset + i + 1] = true }
            }
        }

        var start: [Bool] {
            var s = Array(repeating: false, count: tokens.count + 1)
            s[0] = true
            closure(&s)
            return s
        }

        func matches(_ text: String) -> Bool {
            if let exact = literalBytes {
                // No wildcard: the text's (folded) bytes are the pattern's, as the stepping below finds.
                guard text.utf8.count == exact.count else { return false }
                var i = 0
                for b in text.utf8 {
                    guard (caseInsensitive ? Self.fold(b) : b) == exact[i] else { return false }
                    i += 1
                }
                return true
            }
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
        // A requirement to equal one of a few exact values (`StringEquals`) leaves only those to try.
        if let exact = requirements.first(where: { r in r.mustMatch && r.patterns.allSatisfy(\.isLiteral) }) {
            return exact.patterns.lazy.map(\.literalText).first { value in
                value.hasPrefix(shape.prefix) && shape.lengths.contains(value.utf8.count - shape.prefix.utf8.count)
                    && value.utf8.dropFirst(shape.prefix.utf8.count).allSatisfy(shape.alphabet.contains)
                    && requirements.allSatisfy { r in r.patterns.contains { $0.matches(value) } == r.mustMatch }
            }
        }
        let patterns = requirements.flatMap(\.patterns)
        let named = patterns.reduce(into: Set<UInt8>()) { $0.formUnion($1.literals) }
        var alphabet = shape.alphabet.filter { named.contains($0) || named.contains(Pattern.fold($0)) }
        let fresh = shape.alphabet.filter { !named.contains($0) && !named.contains(Pattern.fold($0)) }
        if let preferred, fresh.contains(preferred) { alphabet.insert(preferred, at: 0) }
        else if let first = fresh.first { alphabet.insert(first, at: 0) }

        // One flat vector of every pattern's positions: pattern k owns `offsets[k]..<offsets[k] + tokens.count + 1`.
        var offsets: [Int] = []
        var total = 0
        for p in patterns { offsets.append(total); total += p.tokens.count + 1 }
        func step(_ state: [Bool], _ c: UInt8) -> [Bool] {
            var next = Array(repeating: false, count: total)
            for k in patterns.indices { patterns[k].advance(state, at: offsets[k], c, into: &next) }
            return next
        }
        func accepted(_ state: [Bool]) -> Bool {
            var k = 0
            for r in requirements {
                var any = false
                for p in r.patterns { if state[offsets[k] + p.tokens.count] { any = true }; k += 1 }
                if any != r.mustMatch { return false }
            }
            return true
        }
        var start: [Bool] = patterns.flatMap(\.start)
        for b in shape.prefix.utf8 { start = step(start, b) }

        // Breadth first, so the value found is a shortest one. A state reached again later has no
        // new continuation, except below the minimum length, which the key therefore records.
        struct Key: Hashable { var state: [Bool]; var belowMinimum: Int }
        struct Node { var state: [Bool]; var depth: Int; var parent: Int; var byte: UInt8 }
        var nodes = [Node(state: start, depth: 0, parent: -1, byte: 0)]
        var visited: Set<Key> = [Key(state: start, belowMinimum: min(0, shape.lengths.lowerBound))]
        var head = 0
        var found: Int?
        while head < nodes.count {
            let node = nodes[head]
            if shape.lengths.contains(node.depth), accepted(node.state) { found = head; break }
            head += 1
            guard node.depth < shape.lengths.upperBound else { continue }
            for c in alphabet {
                let next = step(node.state, c)
                if visited.insert(Key(state: next, belowMinimum: min(node.depth + 1, shape.lengths.lowerBound))).inserted {
                    nodes.append(Node(state: next, depth: node.depth + 1, parent: head - 1, byte: c))
                }
            }
        }
        guard var i = found else { return nil }
        var chosen: [UInt8] = []
        while nodes[i].parent >= 0 { chosen.append(nodes[i].byte); i = nodes[i].parent }
        chosen.reverse()
        return shape.prefix + String(decoding: chosen, as: UTF8.self)
    }
}
