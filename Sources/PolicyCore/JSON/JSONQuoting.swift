/// JSON string quoting, in one place for every JSON ecrguard writes (API requests and answers,
/// `simulate` results, the reports): quote and backslash escaped, control characters as `\b \t \n \f
/// \r` or `\u00xx` (lower-case hex), everything else (slashes, non-ASCII) as it is, which is also what
/// `JSONEncoder` writes with `.withoutEscapingSlashes`. Runs that need no escape are copied whole.
public enum JSONQuoting {
    /// Appends `string` in quotes to `out`.
    public static func append(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        appendEscaped(string, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Appends the inside of `string`'s quotes: `string` escaped, without the quotes.
    public static func appendEscaped(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let byte = bytes[i]
                guard needsEscape(byte) else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                escape(byte) { out.append($0) }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
        }
    }

    /// Appends `string` in quotes to a text being built.
    public static func append(_ string: String, to out: inout String) {
        guard string.utf8.contains(where: needsEscape) else {
            out += "\""
            out += string
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        append(string, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Whether JSON needs `byte` escaped in a string: `"`, `\\` and the C0 controls.
    @inlinable
    public static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// The escape of a byte that `needsEscape`, byte by byte to `emit`: `\"`, `\\`, `\b \t \n \f \r`,
    /// else `\u00xx` (lower-case hex). Every JSON writer of ecrguard escapes through this one table.
    @inlinable
    public static func escape(_ byte: UInt8, _ emit: (UInt8) -> Void) {
        emit(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): emit(byte)
        case 0x08: emit(UInt8(ascii: "b"))
        case 0x09: emit(UInt8(ascii: "t"))
        case 0x0A: emit(UInt8(ascii: "n"))
        case 0x0C: emit(UInt8(ascii: "f"))
        case 0x0D: emit(UInt8(ascii: "r"))
        default:
            emit(UInt8(ascii: "u"))
            emit(UInt8(ascii: "0"))
            emit(UInt8(ascii: "0"))
            emit(HexDigits.lowercase[Int(byte >> 4)])
            emit(HexDigits.lowercase[Int(byte & 0xF)])
        }
    }
}
