import Foundation

extension StringProtocol {
    /// Foundation's `contains(needle)` for an ASCII `needle`, answered from the bytes when the text
    /// is ASCII too: there Foundation's search finds exactly the byte sequence (ASCII has no composed
    /// characters to respect). Other text goes to Foundation's search as before (it does not find
    /// `${` in `"${\u{301}"`, for one), so no answer changes; only the common case is cheaper.
    public func containsASCII(_ needle: String) -> Bool {
        let bytes = utf8, pattern = Array(needle.utf8)
        guard let first = pattern.first, !pattern.contains(where: { $0 >= 0x80 }),
              !bytes.contains(where: { $0 >= 0x80 }) else { return contains(needle) }
        var i = bytes.startIndex
        while let start = bytes[i...].firstIndex(of: first) {
            if bytes[start...].starts(with: pattern) { return true }
            i = bytes.index(after: start)
        }
        return false
    }
}
