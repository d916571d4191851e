import Foundation

extension String {
    /// `replacingOccurrences(of: String(character), with: replacement)` for one ASCII character,
    /// without Foundation's string search (a large report calls this per file and per finding):
    /// text without the character is returned as it is, ASCII text without `\r` (whose `\r\n` is one
    /// character) is rewritten byte by byte, and any other text goes through Foundation, whose
    /// search weighs composed characters.
    func replacingASCII(_ character: Unicode.Scalar, with replacement: String) -> String {
        precondition(character.isASCII)
        let byte = UInt8(character.value)
        guard utf8.contains(byte) else { return self }
        guard utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return replacingOccurrences(of: String(character), with: replacement) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        for b in utf8 {
            if b == byte { out.append(contentsOf: replacement.utf8) } else { out.append(b) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
