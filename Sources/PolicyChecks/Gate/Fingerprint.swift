import PolicyCore

/// Stable finding fingerprints: the same problem in the same statement keeps its fingerprint when
/// lines move, statements are reordered or the file is re-indented, and changes when the
/// statement's content changes.
public enum Fingerprint {
    /// 32 hex digits (two 64-bit FNV-1a hashes with different offsets) of code, file, the JSON path with
    /// the statement index removed, and the statement's canonical JSON.
    /// `finding`'s fingerprint in `file`: its statement's canonical JSON when there is one, else its
    /// message, which tells findings of one code in one file apart. Every check and every re-use of
    /// a check (the audit's `CheckCache`) takes its fingerprint here.
    public static func of(_ finding: Finding, file: String, canonicalStatement: String?) -> String {
        of(code: finding.code, file: file, path: finding.path, statement: canonicalStatement ?? finding.message)
    }

    public static func of(code: String, file: String, path: String, statement: String) -> String {
        // Both hashes of `[code, file, normalisedPath(path), statement].joined(separator: "\u{1F}")`,
        // piece after piece over each one's contiguous bytes, without joining them.
        var first: UInt64 = 0xcbf2_9ce4_8422_2325, second: UInt64 = 0x8422_2325_cbf2_9ce4
        for (i, piece) in [code, file, normalisedPath(path), statement].enumerated() {
            if i > 0 { fnv1a(CollectionOfOne(0x1F), &first, &second) }
            var text = piece
            text.withUTF8 { fnv1a($0, &first, &second) }
        }
        // Each hash's 16 digits, zero-padded: its big-endian bytes in hex.
        var digest: [UInt8] = []
        digest.reserveCapacity(16)
        for value in [first, second] {
            for shift in stride(from: 56, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
        return HexDigits.string(digest)
    }

    /// `Statement[3].Principal` becomes `Statement[].Principal`: the statement is identified by content.
    static func normalisedPath(_ path: String) -> String {
        guard path.hasPrefix("Statement[") else { return path }
        // The first `]` byte, when every byte to it and the one after it are ASCII: then it is the
        // first `]` character too (no ASCII byte joins a neighbour into a longer character).
        let u = path.utf8
        if let close = u.firstIndex(of: UInt8(ascii: "]")), u[..<close].allSatisfy({ $0 < 0x80 }) {
            let after = u.index(after: close)
            if after == u.endIndex || u[after] < 0x80 { return Self.anyStatement(followedBy: Substring(u[after...])) }
        }
        guard let close = path.firstIndex(of: "]") else { return path }
        return Self.anyStatement(followedBy: path[path.index(after: close)...])
    }

    /// `Statement[]` and `rest`, through String's own `append(contentsOf: Substring)`: `+` with a
    /// Substring is generic code whose first call in a process looks up conformances by scanning
    /// every conformance record (the gate of an `ecrguard ecr` call runs this once per finding).
    private static func anyStatement(followedBy rest: Substring) -> String {
        var text = "Statement[]"
        text.append(contentsOf: rest)
        return text
    }

    /// The two FNV-1a hashes (offset bases `0xcbf29ce484222325` and `0x84222325cbf29ce4`).
    /// Both hashes continued over `bytes`.
    private static func fnv1a(_ bytes: some Sequence<UInt8>, _ first: inout UInt64, _ second: inout UInt64) {
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }
}
