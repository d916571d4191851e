import Foundation

extension StringProtocol {
    /// Whether `needle`'s UTF-8 bytes occur in the text's (an empty needle always does): a plain byte
    /// search, without Foundation (it runs for every policy of large registries). For text that is
    /// not ASCII this is not Foundation's `contains`, which respects composed characters; see
    /// `containsASCII`.
    @inlinable
    public func containsBytes(_ needle: String) -> Bool {
        // Contiguous text (native strings and their slices) is searched in place with `memchr` and
        // `memcmp`; walking `utf8` index by index cost some thirty instructions per byte.
        if let found = utf8.withContiguousStorageIfAvailable({ text in
            var needle = needle
            return needle.withUTF8 { Self.containsBytes(text, $0) }
        }) {
            return found
        }
        let bytes = utf8, pattern = needle.utf8
        guard let first = pattern.first else { return true }
        var i = bytes.startIndex
        while let start = bytes[i...].firstIndex(of: first) {
            if bytes[start...].starts(with: pattern) { return true }
            i = bytes.index(after: start)
        }
        return false
    }

    /// Whether `pattern` occurs in `text` (an empty pattern always does).
    @usableFromInline
    static func containsBytes(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        guard var at = text.baseAddress, let p = pattern.baseAddress, text.count >= pattern.count else { return false }
        let end = at + text.count
        while end - at >= pattern.count, let hit = memchr(at, Int32(first), end - at - pattern.count + 1) {
            let start = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(start, p, pattern.count) == 0 { return true }
            at = start + 1
        }
        return false
    }

    /// Foundation's `contains(needle)` for an ASCII `needle`, answered from the bytes when the text
    /// is ASCII too: there Foundation's search finds exactly the byte sequence (ASCII has no composed
    /// characters to respect). Other text goes to Foundation's search as before (it does not find
    /// `${` in `"${\u{301}"`, for one), so no answer changes; only the common case is cheaper.
    /// (Inlinable: callers in other modules get it specialized for their string type.)
    @inlinable
    public func containsASCII(_ needle: String) -> Bool {
        guard !needle.isEmpty, needle.utf8.allSatisfy({ $0 < 0x80 }), utf8.allSatisfy({ $0 < 0x80 }) else {
            return contains(needle)
        }
        return containsBytes(needle)
    }
}

extension String {
    /// Whether every byte of the text is ASCII (one pass over contiguous bytes, no `UTF8View` walk).
    var isASCII: Bool {
        var text = self
        return text.withUTF8 { bytes in !bytes.contains { $0 >= 0x80 } }
    }

    /// `firstIndex(of: character)`, found among the bytes when the text and the character are ASCII
    /// (there every character is one byte, but for `\r\n`, which no other character is part of).
    func firstIndex(ofASCII character: Character) -> String.Index? {
        guard let byte = character.asciiValue, byte != 0x0D, byte != 0x0A, isASCII else { return firstIndex(of: character) }
        return utf8.firstIndex(of: byte)
    }

    /// `split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: false)` for an
    /// ASCII separator; ASCII text is split at its bytes, which gives the same pieces (no character
    /// of ASCII text holds the separator with something else) without walking it character by
    /// character. Other text is split as before.
    public func splitKeepingEmpty(at separator: Character, maxSplits: Int = .max) -> [Substring] {
        guard let byte = separator.asciiValue else {
            return split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: false)
        }
        // Contiguous text: one pass over its bytes finds the separators (and any non-ASCII byte,
        // which sends the text to the character split); the pieces are cut at those offsets.
        let cuts: [Int]?? = utf8.withContiguousStorageIfAvailable { bytes -> [Int]? in
            var cuts: [Int] = []
            for i in bytes.indices {
                let b = bytes[i]
                if b >= 0x80 { return nil }
                if b == byte && cuts.count < maxSplits { cuts.append(i) }
            }
            return cuts
        }
        if let found = cuts {
            guard let cuts = found else {
                return split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: false)
            }
            var pieces: [Substring] = []
            pieces.reserveCapacity(cuts.count + 1)
            var start = utf8.startIndex
            for cut in cuts {
                let end = utf8.index(utf8.startIndex, offsetBy: cut)
                pieces.append(self[start..<end])
                start = utf8.index(after: end)
            }
            pieces.append(self[start...])
            return pieces
        }
        guard !utf8.contains(where: { $0 >= 0x80 }) else {
            return split(separator: separator, maxSplits: maxSplits, omittingEmptySubsequences: false)
        }
        var pieces: [Substring] = []
        var start = utf8.startIndex
        for i in utf8.indices where utf8[i] == byte && pieces.count < maxSplits {
            pieces.append(self[start..<i])
            start = utf8.index(after: i)
        }
        pieces.append(self[start...])
        return pieces
    }
}

extension Unicode.Scalar {
    /// Whether Foundation's `CharacterSet.whitespaces` holds the scalar (the tab, the spaces of
    /// general category Zs, and U+200B) or, with `newlines`, `.whitespacesAndNewlines` (also U+000A
    /// to U+000D, U+0085, U+2028 and U+2029). The same answer without Foundation, whose character
    /// sets load their Unicode tables (about a million instructions) on first use, and without
    /// bridging to NSString. `ASCIISearchTests` compares it with Foundation for every scalar of the
    /// Basic Multilingual Plane.
    @inlinable
    public func isBlank(newlines: Bool) -> Bool {
        switch value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: newlines
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)`, scalar by scalar
    /// as Foundation trims, without Foundation (`Unicode.Scalar.isBlank`). (Inlinable: it trims
    /// every header line of every response.)
    @inlinable
    public func trimmingBlanks(newlines: Bool) -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isBlank(newlines: newlines) }),
              let last = scalars.lastIndex(where: { !$0.isBlank(newlines: newlines) }) else { return "" }
        return String(self[first..<scalars.index(after: last)])
    }
}
