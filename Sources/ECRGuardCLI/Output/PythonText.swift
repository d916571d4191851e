import JMESPath
import PolicyCore

/// How Python shows JSON values, which the AWS CLI's text and table layouts inherit: `str()` of a
/// scalar (`True`, `None`, floats as `repr`), `repr()` of lists and dicts, truthiness, and the
/// indented `json.dumps(value, indent=4, ensure_ascii=False)` of `--output json`.
enum PythonText {
    /// Python's `str(value)`: strings as they are, `True`/`False`/`None`, numbers as `repr`,
    /// lists and objects as their `repr` (`['a', 1]`, `{'k': None}`).
    static func str(_ value: JMESValue) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    /// Python's `repr(value)` for values read from JSON.
    static func repr(_ value: JMESValue) -> String {
        switch value {
        case .null: "None"
        case .bool(let b): b ? "True" : "False"
        case .number(let n): n.pythonRepr
        case .string(let s): quoted(s)
        case .array(let elements): "[" + elements.map(repr).joinedText(separator: ", ") + "]"
        case .object(let object): "{" + object.map { quoted($0.key) + ": " + repr($0.value) }.joinedText(separator: ", ") + "}"
        }
    }

    /// Python's truthiness: None, False, 0, 0.0, "", [] and {} are false.
    static func isTruthy(_ value: JMESValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let b): b
        case .number(.int(let i)): i != 0
        case .number(.double(let d)): d != 0
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object(let o): !o.isEmpty
        }
    }

    static func isScalar(_ value: JMESValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }

    /// Python's `repr` of a string: single quotes unless the text holds `'` and no `"`; backslash
    /// escapes for the quote, `\`, `\t`, `\n`, `\r`, and `\x`/`\u`/`\U` for characters
    /// `str.isprintable()` rejects.
    static func quoted(_ s: String) -> String {
        let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if Character(scalar) == quote { out += "\\" + String(quote) } else if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += escaped(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x7F { return scalar.value >= 0x20 }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator: return false
        default: return true
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        let (prefix, width) = scalar.value <= 0xFF ? ("\\x", 2) : scalar.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8)
        return prefix + String(repeating: "0", count: width - hex.count) + hex
    }

    /// `json.dumps(value, indent=4, ensure_ascii=False)`: `", "`-free item separators at line
    /// ends, `": "` after keys, `[]`/`{}` for empty containers, floats as Python's `repr`.
    static func indentedJSON(_ value: JMESValue) -> String {
        var out = ""
        writeJSON(value, level: 0, to: &out)
        return out
    }

    private static let writer = JSONWriter(asciiOnly: false)

    private static func writeJSON(_ value: JMESValue, level: Int, to out: inout String) {
        func newline(_ level: Int) { out += "\n" + String(repeating: "    ", count: level) }
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += "["
            for (k, element) in elements.enumerated() {
                if k > 0 { out += "," }
                newline(level + 1)
                writeJSON(element, level: level + 1, to: &out)
            }
            newline(level)
            out += "]"
        case .object(let object) where !object.isEmpty:
            out += "{"
            for (k, entry) in object.enumerated() {
                if k > 0 { out += "," }
                newline(level + 1)
                writer.writeString(entry.key, to: &out)
                out += ": "
                writeJSON(entry.value, level: level + 1, to: &out)
            }
            newline(level)
            out += "}"
        default:
            writer.write(value, to: &out)
        }
    }
}
