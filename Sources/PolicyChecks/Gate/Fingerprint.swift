/// Stable finding fingerprints: the same problem in the same statement keeps its fingerprint when
/// lines move, statements are reordered or the file is re-indented, and changes when the
/// statement's content changes.
public enum Fingerprint {
    /// 32 hex digits (two 64-bit FNV-1a hashes with different offsets) of code, file, the JSON path with
    /// the statement index removed, and the statement's canonical JSON.
    public static func of(code: String, file: String, path: String, statement: String) -> String {
        var material = [code, file, normalisedPath(path), statement].joined(separator: "\u{1F}")
        // Both hashes over the string's contiguous bytes (not through its UTF-8 view).
        let (first, second) = material.withUTF8 { bytes in
            (fnv1a(bytes, basis: 0xcbf2_9ce4_8422_2325), fnv1a(bytes, basis: 0x84222325_cbf29ce4))
        }
        return hex(first) + hex(second)
    }

    /// `Statement[3].Principal` becomes `Statement[].Principal`: the statement is identified by content.
    static func normalisedPath(_ path: String) -> String {
        guard path.hasPrefix("Statement["), let close = path.firstIndex(of: "]") else { return path }
        return "Statement[]" + path[path.index(after: close)...]
    }

    private static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, basis: UInt64) -> UInt64 {
        var hash = basis
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
