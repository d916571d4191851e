/// A 64-bit FNV-1a hash of a text's UTF-8 bytes, computed once where the text is compiled or
/// parsed, so that the many equality tests of evaluation that fail (a role name against another
/// role's, a context key against another key) compare two integers instead of two strings, which
/// in Swift means retaining both and calling the comparison runtime.
///
/// Only inequality is decided by fingerprints: equal fingerprints are confirmed with `==`.
/// Non-ASCII text gets `unknown`, because `==` on it is Unicode canonical equivalence, which
/// equal bytes do not capture; `unknown` always falls through to `==`.
struct TextFingerprint: Sendable, Hashable {
    let value: UInt64

    static let unknown = TextFingerprint(value: 0)

    init(_ text: String) {
        value = text.utf8.withContiguousStorageIfAvailable(Self.hash) ?? Self.hash(Array(text.utf8))
    }

    private static func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            if b >= 0x80 { return 0 }
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
        }
        // 0 is reserved for `unknown`.
        return h == 0 ? 1 : h
    }

    /// The fingerprint of an optional text; nil is `unknown` (its comparisons go to `==`, which
    /// tells nil from any string).
    init(_ text: String?) {
        if let text { self.init(text) } else { self = .unknown }
    }

    private init(value: UInt64) { self.value = value }

    /// False only when the texts certainly differ.
    @inline(__always)
    func mayEqual(_ other: TextFingerprint) -> Bool {
        value == other.value || value == 0 || other.value == 0
    }
}
