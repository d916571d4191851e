import Foundation

/// A compiled `*`/`?` pattern over UTF-8 bytes, the matcher behind actions, resources and
/// `StringLike`/`ArnLike` values.
///
/// Matching is linear-time in the common shapes (`*`, an exact text, `prefix*`) and never
/// exponential otherwise: a pattern whose wildcards all behave alike uses the greedy
/// single-backtrack algorithm; a pattern mixing segment-bound and free wildcards (ARN rules) uses a
/// dynamic programme over a stack buffer. Neither allocates.
public struct WildcardPattern: Sendable, Hashable {
    /// One element of a pattern.
    public enum Token: Sendable, Hashable {
        /// A byte matched exactly (after case folding when the pattern is case-insensitive).
        case byte(UInt8)
        /// `?`: exactly one byte; `crossesColon == false` means it may not match `:`.
        case one(crossesColon: Bool)
        /// `*`: any run of bytes; `crossesColon == false` means the run may not contain `:`.
        case many(crossesColon: Bool)
    }

    /// The matching strategy; payload-free so matching never retains anything.
    enum Shape: UInt8, Sendable, Hashable {
        /// `*`; a text without wildcards; a text then one final `*`.
        case anything, exact, prefix
        /// Literal chunks between `*`s that may span anything, no `?` (`arn:aws:ecr:*:ACCOUNT:repository/*`).
        case chunks
        /// `*` and `?` that may all span anything; segment-bound and free wildcards mixed.
        case greedy, general
    }

    public let tokens: [Token]
    public let caseInsensitive: Bool
    let shape: Shape
    /// The literal bytes of `exact`, `prefix` and `chunks` shapes.
    let literal: [UInt8]
    /// For `chunks`: where each chunk of `literal` ends, and whether the pattern starts and ends with `*`.
    let chunkEnds: [Int]
    let chunkFlags: ChunkFlags

    struct ChunkFlags: Sendable, Hashable {
        var startsWithStar = false
        var endsWithStar = false
    }

    /// Builds a pattern from tokens. Case-insensitive patterns must be given folded (ASCII lower-case) bytes.
    public init(tokens: [Token], caseInsensitive: Bool) {
        self.tokens = tokens
        self.caseInsensitive = caseInsensitive
        (self.shape, self.literal) = Self.classify(tokens)
        if shape == .chunks {
            var ends: [Int] = [], flags = ChunkFlags(), count = 0, inChunk = false
            for (i, t) in tokens.enumerated() {
                if case .byte = t {
                    count += 1
                    inChunk = true
                } else {
                    if i == 0 { flags.startsWithStar = true }
                    if i == tokens.count - 1 { flags.endsWithStar = true }
                    if inChunk { ends.append(count) }
                    inChunk = false
                }
            }
            if inChunk { ends.append(count) }
            (chunkEnds, chunkFlags) = (ends, flags)
        } else {
            (chunkEnds, chunkFlags) = ([], ChunkFlags())
        }
    }

    /// A pattern whose shape and literal are already known (`exact`, `prefix` and `anything` have no chunks).
    private init(tokens: [Token], caseInsensitive: Bool, shape: Shape, literal: [UInt8]) {
        self.tokens = tokens
        self.caseInsensitive = caseInsensitive
        self.shape = shape
        self.literal = literal
        (chunkEnds, chunkFlags) = ([], ChunkFlags())
    }

    /// `*` and `?` are wildcards everywhere (they may match `:`), as in actions and `StringLike`.
    public init(_ text: String, caseInsensitive: Bool) {
        var text = text
        if let simple = text.withUTF8({ Self.simple($0, caseInsensitive: caseInsensitive) }) {
            self = simple
            return
        }
        var tokens: [Token] = []
        tokens.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "*"): tokens.append(.many(crossesColon: true))
            case UInt8(ascii: "?"): tokens.append(.one(crossesColon: true))
            default: tokens.append(.byte(caseInsensitive ? asciiLower(b) : b))
            }
        }
        self.init(tokens: tokens, caseInsensitive: caseInsensitive)
    }

    /// The pattern of `text` when it has no wildcard but (at most) one final `*` — an action name,
    /// an ARN, `prefix*`, `*` — made straight from the bytes: the same tokens, shape and literal
    /// as `classify` gives, without going through them token by token. nil for other patterns.
    static func simple(_ text: UnsafeBufferPointer<UInt8>, caseInsensitive: Bool) -> WildcardPattern? {
        let star = !text.isEmpty && text[text.count - 1] == UInt8(ascii: "*")
        let count = star ? text.count - 1 : text.count
        for i in 0..<count where text[i] == UInt8(ascii: "*") || text[i] == UInt8(ascii: "?") { return nil }
        // `Array(repeating:count:)` then filled: the uninitialized-capacity initializer is not
        // specialized here and costs several hundred instructions per array.
        var literal = [UInt8](repeating: 0, count: count)
        literal.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count { buffer[i] = caseInsensitive ? asciiLower(text[i]) : text[i] }
        }
        var tokens = [Token](repeating: .many(crossesColon: true), count: text.count)
        tokens.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count { buffer[i] = .byte(literal[i]) }
        }
        let shape: Shape = !star ? .exact : (count == 0 ? .anything : .prefix)
        return WildcardPattern(tokens: tokens, caseInsensitive: caseInsensitive, shape: shape, literal: shape == .anything ? [] : literal)
    }

    /// A pattern with no wildcards: the text matches only itself.
    public static func literal(_ text: String, caseInsensitive: Bool) -> WildcardPattern {
        WildcardPattern(tokens: text.utf8.map { .byte(caseInsensitive ? asciiLower($0) : $0) }, caseInsensitive: caseInsensitive)
    }

    /// Whether the pattern holds any wildcard.
    public var hasWildcards: Bool {
        tokens.contains { if case .byte = $0 { false } else { true } }
    }

    private static func classify(_ tokens: [Token]) -> (Shape, [UInt8]) {
        var bytes: [UInt8] = []
        var sawOther = false
        for (i, t) in tokens.enumerated() {
            switch t {
            case .byte(let b): bytes.append(b)
            case .many(true) where i == tokens.count - 1:
                if !sawOther { return bytes.isEmpty ? (.anything, []) : (.prefix, bytes) }
            default: sawOther = true
            }
        }
        if !sawOther { return (.exact, bytes) }
        if tokens.allSatisfy({ if case .one = $0 { false } else if case .many(false) = $0 { false } else { true } }) {
            return (.chunks, bytes)
        }
        let uniform = tokens.allSatisfy {
            switch $0 {
            case .byte: true
            case .one(let c), .many(let c): c
            }
        }
        return (uniform ? .greedy : .general, [])
    }

    /// Whether the whole of `text` matches.
    @inline(__always)
    public func matches(_ text: String) -> Bool {
        if shape == .anything { return true }
        if let r = text.utf8.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return r }
        return matches(bytes: Array(text.utf8))
    }

    /// Whether the whole of `bytes` matches.
    public func matches(bytes text: some RandomAccessCollection<UInt8>) -> Bool {
        if let r = text.withContiguousStorageIfAvailable({ matches(bytes: $0) }) { return r }
        return Array(text).withUnsafeBufferPointer { matches(bytes: $0) }
    }

    public func matches(bytes text: UnsafeBufferPointer<UInt8>) -> Bool {
        switch shape {
        case .anything:
            return true
        case .exact:
            guard literal.count == text.count else { return false }
            return equalBytes(literal, text, 0)
        case .prefix:
            guard text.count >= literal.count else { return false }
            return equalBytes(literal, text, 0)
        case .chunks:
            return caseInsensitive ? chunkMatch(text, folding: true) : chunkMatch(text, folding: false)
        case .greedy:
            // Two copies of the loop, so the case-sensitive one (resources) folds no byte.
            return caseInsensitive ? greedyMatch(text, folding: true) : greedyMatch(text, folding: false)
        case .general:
            return dynamicMatch(text)
        }
    }

    @inline(__always)
    private func fold(_ b: UInt8) -> UInt8 { caseInsensitive ? asciiLower(b) : b }

    @inline(__always)
    private func equalBytes(_ p: [UInt8], _ text: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        p.withUnsafeBufferPointer { pb in
            if caseInsensitive {
                for i in 0..<pb.count where pb[i] != asciiLower(text[start + i]) { return false }
                return true
            }
            // Resource prefixes (`arn:aws:ecr:REGION:ACCOUNT:repository/...`) are long: one memcmp.
            return pb.isEmpty || memcmp(pb.baseAddress!, text.baseAddress! + start, pb.count) == 0
        }
    }

    /// A `*`-only glob: the first chunk at the start (unless the pattern starts with `*`), the last
    /// at the end (unless it ends with `*`), each chunk between at its leftmost place after the
    /// previous one — leftmost is never worse when every `*` may span anything. Chunks are
    /// compared with `memcmp`, so a resource ARN costs a few calls rather than a loop per byte.
    @inline(__always)
    private func chunkMatch(_ text: UnsafeBufferPointer<UInt8>, folding: Bool) -> Bool {
        literal.withUnsafeBufferPointer { lit in
            chunkEnds.withUnsafeBufferPointer { ends in
                @inline(__always)
                func equal(_ chunkStart: Int, _ length: Int, at position: Int) -> Bool {
                    if !folding { return length == 0 || memcmp(lit.baseAddress! + chunkStart, text.baseAddress! + position, length) == 0 }
                    for k in 0..<length where lit[chunkStart + k] != asciiLower(text[position + k]) { return false }
                    return true
                }
                var first = 0, last = ends.count - 1
                var lo = 0, hi = text.count
                if !chunkFlags.startsWithStar {
                    let n = ends[0]
                    guard n <= hi, equal(0, n, at: 0) else { return false }
                    lo = n
                    first = 1
                }
                if !chunkFlags.endsWithStar && last >= first {
                    let start = last == 0 ? 0 : ends[last - 1], n = ends[last] - start
                    guard hi - lo >= n, equal(start, n, at: hi - n) else { return false }
                    hi -= n
                    last -= 1
                }
                var c = first
                while c <= last {
                    let start = c == 0 ? 0 : ends[c - 1], n = ends[c] - start
                    var position = lo
                    var found = false
                    while position + n <= hi {
                        if equal(start, n, at: position) { found = true; break }
                        position += 1
                    }
                    guard found else { return false }
                    lo = position + n
                    c += 1
                }
                return true
            }
        }
    }

    /// The classic single-backtrack glob match; correct when every `*` may span anything.
    /// `folding` is `caseInsensitive`, passed as a constant so each copy tests it at compile time.
    @inline(__always)
    private func greedyMatch(_ text: UnsafeBufferPointer<UInt8>, folding: Bool) -> Bool {
        tokens.withUnsafeBufferPointer { p in
            var ti = 0, pi = 0
            var starP = -1, starT = 0
            while ti < text.count {
                if pi < p.count {
                    switch p[pi] {
                    case .byte(let b) where b == (folding ? asciiLower(text[ti]) : text[ti]):
                        ti += 1; pi += 1; continue
                    case .one:
                        ti += 1; pi += 1; continue
                    case .many:
                        starP = pi; starT = ti; pi += 1; continue
                    default: break
                    }
                }
                guard starP >= 0 else { return false }
                pi = starP + 1
                starT += 1
                ti = starT
            }
            while pi < p.count, case .many = p[pi] { pi += 1 }
            return pi == p.count
        }
    }

    /// A dynamic programme over pattern positions; used when `*`/`?` differ in whether they may match `:`.
    private func dynamicMatch(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        tokens.withUnsafeBufferPointer { p in
            let m = p.count
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: (m + 1) * 2) { buf in
                var cur = UnsafeMutableBufferPointer(rebasing: buf[0...m])
                var next = UnsafeMutableBufferPointer(rebasing: buf[(m + 1)...])
                // cur[j]: pattern prefix of length j matches the text consumed so far.
                cur[0] = true
                for j in 0..<m {
                    if case .many = p[j] { cur[j + 1] = cur[j] } else { cur[j + 1] = false }
                }
                for c in text {
                    let ch = fold(c)
                    let isColon = c == UInt8(ascii: ":")
                    next[0] = false
                    var any = false
                    for j in 0..<m {
                        var v = false
                        switch p[j] {
                        case .byte(let b): v = cur[j] && b == ch
                        case .one(let cross): v = cur[j] && (cross || !isColon)
                        case .many(let cross): v = (cur[j + 1] && (cross || !isColon)) || next[j]
                        }
                        next[j + 1] = v
                        any = any || v
                    }
                    if !any { return false }
                    swap(&cur, &next)
                }
                return cur[m]
            }
        }
    }
}

@inline(__always)
func asciiLower(_ b: UInt8) -> UInt8 {
    (b >= 65 && b <= 90) ? b | 0x20 : b
}
