extension String {
    /// Whether `needle` occurs in the text, compared byte by byte in UTF-8 (no Foundation bridging:
    /// this runs for every repository of large registries).
    func containsBytes(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        var utf8 = self.utf8
        return utf8.withContiguousStorageIfAvailable { h -> Bool in
            guard h.count >= n.count else { return false }
            var i = 0
            let last = h.count - n.count
            while i <= last {
                if h[i] == first {
                    var j = 1
                    while j < n.count && h[i + j] == n[j] { j += 1 }
                    if j == n.count { return true }
                }
                i += 1
            }
            return false
        } ?? {
            utf8 = String(self).utf8
            return Array(utf8).withUnsafeBufferPointer { h in
                guard h.count >= n.count else { return false }
                for i in 0...(h.count - n.count) where h[i] == first && Array(h[i..<(i + n.count)]) == n { return true }
                return false
            }
        }()
    }
}
