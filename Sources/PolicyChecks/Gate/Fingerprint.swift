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
        var material = [code, file, normalisedPath(path), statement].joined(separator: "\u{1F}")
        // Both hashes in one pass over the string's contiguous bytes (not through its UTF-8 view).
        let (first, second) = material.withUTF8 { fnv1a($0) }
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
        guard path.hasPrefix("Statement["), let close = path.firstIndex(of: "]") else { return path }
        return "Statement[]" + path[path.index(after: close)...]
    }

    /// The two FNV-1a hashes (offset bases `0xcbf29ce484222325` and `0x84222325cbf29ce4`).
    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325, second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return (first, second)
    }
}
