/// JSON string quoting, in one place for every JSON ecrguard writes (API requests and answers,
/// `simulate` results, the reports): quote and backslash escaped, control characters as `\b \t \n \f
/// \r` or `\u00xx` (lower-case hex), everything else (slashes, non-ASCII) as it is, which is also what
/// `JSONEncoder` writes with `.withoutEscapingSlashes`. Runs that need no escape are copied whole.
public enum JSONQuoting {
    /// Appends `string` in quotes to `out`.
    public static func append(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x09: out.append(UInt8(ascii: "t"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                default:
                    out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), HexDigits.lowercase[Int(byte >> 4)], HexDigits.lowercase[Int(byte & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `string` in quotes to a text being built.
    public static func append(_ string: String, to out: inout String) {
        let needsEscape = string.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
        guard needsEscape else {
            out += "\""
            out += string
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        append(string, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }
}
