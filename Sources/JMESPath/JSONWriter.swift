/// JSON text written as Python's `json.dumps(value, separators=(",", ":"))` writes it: no spaces,
/// keys in object order, floats in Python's `repr` form (`1.0`, `1e-05`, `1e+16`), `NaN` and
/// `Infinity` for the non-finite floats. With `asciiOnly` (Python's default `ensure_ascii=True`,
/// which `to_string()` uses) everything outside printable ASCII is written as `\uXXXX`.
public struct JSONWriter: Sendable {
    public var asciiOnly: Bool

    public init(asciiOnly: Bool = true) { self.asciiOnly = asciiOnly }

    public func text(_ value: JMESValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    public func write(_ value: JMESValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.pythonRepr
        case .string(let s): writeString(s, to: &out)
        case .array(let elements):
            out += "["
            for (k, element) in elements.enumerated() {
                if k > 0 { out += "," }
                write(element, to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (k, entry) in object.enumerated() {
                if k > 0 { out += "," }
                writeString(entry.key, to: &out)
                out += ":"
                write(entry.value, to: &out)
            }
            out += "}"
        }
    }

    public func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    appendEscaped(scalar, to: &out)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private func appendEscaped(_ scalar: Unicode.Scalar, to out: inout String) {
        func hex4(_ v: UInt32) -> String {
            let digits = String(v, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        if scalar.value > 0xFFFF {
            let v = scalar.value - 0x10000
            out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
        } else {
            out += hex4(scalar.value)
        }
    }
}

extension JMESNumber {
    /// The number as Python's `json.dumps` writes it: integers in decimal, floats as `repr(float)`.
    public var pythonRepr: String {
        switch self {
        case .int(let i): String(i)
        case .double(let d): Self.pythonFloatRepr(d)
        }
    }

    /// Python's `repr(float)`: the shortest digits that read back to the same float, in positional
    /// form when the decimal exponent is in -4..<16 (with `.0` when there is no fraction), otherwise
    /// `d.ddde±XX` with at least two exponent digits.
    static func pythonFloatRepr(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        let decimal = ShortestDecimal(d)
        let digits = decimal.digits
        let exponent = decimal.pointPosition - 1  // d.ddd × 10^exponent
        var out = d < 0 ? "-" : ""
        if exponent < -4 || exponent >= 16 {
            out += String(digits.first!)
            if digits.count > 1 { out += "." + String(digits.dropFirst()) }
            out += exponent < 0 ? "e-" : "e+"
            let e = String(abs(exponent))
            out += e.count < 2 ? "0" + e : e
        } else if decimal.pointPosition <= 0 {
            out += "0." + String(repeating: "0", count: -decimal.pointPosition) + digits
        } else if decimal.pointPosition >= digits.count {
            out += digits + String(repeating: "0", count: decimal.pointPosition - digits.count) + ".0"
        } else {
            let cut = digits.index(digits.startIndex, offsetBy: decimal.pointPosition)
            out += String(digits[..<cut]) + "." + String(digits[cut...])
        }
        return out
    }
}

/// The shortest round-trip decimal digits of a finite, non-zero double (taken from Swift's own
/// shortest representation), as `0.DIGITS × 10^pointPosition`. Substrings become Strings before they
/// are joined: `+` on Substrings is the standard library's generic code, whose first call in a
/// process resolves its associated types at run time (a scan of every conformance record).
private struct ShortestDecimal {
    var digits: String
    var pointPosition: Int

    init(_ d: Double) {
        let text = abs(d).description  // "1.5", "1e-05", "1.2345e+17", "100.0"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var intPart = mantissa, fracPart: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            fracPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(intPart) + String(fracPart)
        var point = intPart.count + exponent
        while all.first == "0" { all.removeFirst(); point -= 1 }
        while all.last == "0" { all.removeLast() }
        digits = all
        pointPosition = point
    }
}
