/// Builds the text of `ecrguard.yaml`: block mappings and lists with two-space indentation, short
/// mappings and lists of names in flow style, scalars quoted only where YAML would read them as
/// something else (account ids, `true`, text with indicators). The same value always gives the same
/// bytes.
struct YAMLText {
    private(set) var text = ""

    /// A scalar as YAML text: plain when that reads back as the same text, else double-quoted.
    static func scalar(_ value: String) -> String {
        isPlainSafe(value) ? value : quoted(value)
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0xFEFF || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// Letters, digits and `_ . / - @ + =` starting with a letter, digit, `_` or `/`, not a word
    /// YAML 1.1 resolves (booleans, null) and not a number: plain in block and flow context alike.
    static func isPlainSafe(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first else { return false }
        func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
            (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
        }
        guard isWordCharacter(first) || first == "/" else { return false }
        guard value.unicodeScalars.allSatisfy({ isWordCharacter($0) || "./-@+=".unicodeScalars.contains($0) }) else { return false }
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]
        if reserved.contains(value.lowercased()) { return false }
        // Numbers (12 digits of an account id, 1e3, 0x1F, 1_000, 1.5): quoted so they stay text.
        if value.unicodeScalars.allSatisfy({ ($0 >= "0" && $0 <= "9") || "._+-eExXoObB".unicodeScalars.contains($0) }),
           value.unicodeScalars.contains(where: { $0 >= "0" && $0 <= "9" }) {
            return false
        }
        return true
    }

    /// `[a, b]` with each element a scalar.
    static func flowList(_ values: [String]) -> String {
        "[" + values.map(scalar).joined(separator: ", ") + "]"
    }

    /// `{key: value, ...}` with each value a scalar (keys are plain names of the format).
    static func flowMap(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\($0.0): \(scalar($0.1))" }.joined(separator: ", ") + "}"
    }

    mutating func line(_ indent: Int, _ content: String) {
        text += String(repeating: "  ", count: indent) + content + "\n"
    }

    /// `key: value` with the value a scalar.
    mutating func field(_ indent: Int, _ key: String, _ value: String) {
        line(indent, "\(key): \(Self.scalar(value))")
    }

    mutating func blank() { text += "\n" }
}
