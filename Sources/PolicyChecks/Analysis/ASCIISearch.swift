import Foundation

extension StringProtocol {
    /// Foundation's `contains(needle)` for an ASCII `needle`, answered from the bytes when the text
    /// is ASCII too: there the search finds exactly the byte sequence (no composed characters to
    /// respect). Other text goes to Foundation's search as before (it does not find `${` in
    /// `"${\u{301}"`, for one), so no answer changes.
    func containsASCII(_ needle: String) -> Bool {
        let bytes = utf8, pattern = Array(needle.utf8)
        if bytes.contains(where: { $0 >= 0x80 }) { return contains(needle) }
        guard let first = pattern.first else { return contains(needle) }
        var i = bytes.startIndex
        while let start = bytes[i...].firstIndex(of: first) {
            if bytes[start...].starts(with: pattern) { return true }
            i = bytes.index(after: start)
        }
        return false
    }

    /// Whether the text holds `${`, the start of a policy variable (Foundation's `contains("${")`).
    var containsVariableMarker: Bool { containsASCII("${") }
}
