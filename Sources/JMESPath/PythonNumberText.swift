/// Text to number as `to_number()` does it in jmespath.py: Python's `int(text)`, else
/// `float(text)`. Both allow surrounding whitespace, a sign, `_` between digits and any Unicode
/// decimal digits; `float` also reads `1e5`, `.5`, `5.`, `inf`, `infinity` and `nan` in any case.
enum PythonNumberText {
    static func parse(_ text: String) -> JMESNumber? {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue, scalar.value > 0x7F {
                scalars.append(Unicode.Scalar(UInt8(0x30 + Int(digit))))
            } else {
                scalars.append(scalar)
            }
        }
        let trimmed = scalars.drop { $0.isPythonWhitespace }.reversed().drop { $0.isPythonWhitespace }.reversed()
        var ascii = ""
        for scalar in trimmed {
            guard scalar.isASCII else { return nil }
            ascii.unicodeScalars.append(scalar)
        }
        if let int = integer(ascii) { return int }
        return float(ascii)
    }

    /// `[+-]?` digits with single underscores between them.
    private static func integer(_ s: String) -> JMESNumber? {
        var body = Substring(s)
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" { negative = sign == "-"; body = body.dropFirst() }
        guard let digits = digitPart(body), digits.count == body.count else { return nil }
        let plain = (negative ? "-" : "") + digits.filter { $0 != "_" }
        if let value = Int(plain) { return .int(value) }
        return Double(plain).map { .double($0) }
    }

    private static func float(_ s: String) -> JMESNumber? {
        var body = Substring(s.lowercased())
        var sign = ""
        if let first = body.first, first == "+" || first == "-" { sign = first == "-" ? "-" : ""; body = body.dropFirst() }
        switch body {
        case "inf", "infinity": return .double(sign == "-" ? -.infinity : .infinity)
        case "nan": return .double(.nan)
        default: break
        }
        var rest = body
        let whole = digitPart(rest)
        if let whole { rest = rest.dropFirst(whole.count) }
        var fraction: Substring?
        if rest.first == "." {
            rest = rest.dropFirst()
            fraction = digitPart(rest)
            if let fraction { rest = rest.dropFirst(fraction.count) }
        }
        guard whole != nil || fraction != nil else { return nil }
        var plain = sign + (whole ?? "0") + "." + (fraction ?? "0")
        if rest.first == "e" {
            rest = rest.dropFirst()
            var exponent = ""
            if let first = rest.first, first == "+" || first == "-" { exponent = String(first); rest = rest.dropFirst() }
            guard let digits = digitPart(rest) else { return nil }
            rest = rest.dropFirst(digits.count)
            plain += "e" + exponent + digits
        }
        guard rest.isEmpty else { return nil }
        return Double(plain.filter { $0 != "_" }).map { .double($0) }
    }

    /// The longest prefix `digit (_? digit)*`, or nil when there is no leading digit.
    private static func digitPart(_ s: Substring) -> Substring? {
        var end = s.startIndex
        var lastWasDigit = false
        var i = s.startIndex
        while i < s.endIndex {
            let c = s[i]
            if c.isASCII && c.isNumber {
                lastWasDigit = true
                i = s.index(after: i)
                end = i
            } else if c == "_" && lastWasDigit {
                lastWasDigit = false
                i = s.index(after: i)
            } else {
                break
            }
        }
        return end == s.startIndex ? nil : s[..<end]
    }
}
