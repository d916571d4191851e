/// Splits an expression into tokens, as jmespath.py's lexer does: identifiers are ASCII, `"…"` is a
/// JSON-quoted identifier, `'…'` a raw string (only `\'` is an escape), `` `…` `` a JSON literal
/// (with the deprecated fallback of JEP-12: text that is not JSON is read as a string).
struct Lexer {
    private let scalars: [Unicode.Scalar]
    private let expression: String
    private var i = 0

    init(_ expression: String) {
        self.expression = expression
        scalars = Array(expression.unicodeScalars)
    }

    static func tokenize(_ expression: String) throws -> [Token] {
        var lexer = Lexer(expression)
        return try lexer.tokens()
    }

    private func error(_ message: String, at offset: Int) -> JMESPathError {
        JMESPathError(.syntax, message, expression: expression, offset: offset)
    }

    private mutating func tokens() throws -> [Token] {
        guard !scalars.isEmpty else { throw error("the expression is empty", at: 0) }
        var tokens: [Token] = []
        while i < scalars.count {
            let c = scalars[i]
            let start = i
            if let simple = Self.simpleTokens[c] {
                tokens.append(Token(kind: simple, offset: start))
                i += 1
            } else if c.isIdentifierStart {
                while i < scalars.count, scalars[i].isIdentifierPart { i += 1 }
                tokens.append(Token(kind: .unquotedIdentifier, offset: start, name: text(start..<i)))
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                i += 1
            } else {
                tokens.append(try operatorOrQuoted(c))
            }
        }
        tokens.append(Token(kind: .eof, offset: scalars.count))
        return tokens
    }

    private mutating func operatorOrQuoted(_ c: Unicode.Scalar) throws -> Token {
        let start = i
        switch c {
        case "[":
            if next(is: "]") { i += 2; return Token(kind: .flatten, offset: start) }
            if next(is: "?") { i += 2; return Token(kind: .filter, offset: start) }
            i += 1
            return Token(kind: .lbracket, offset: start)
        case "'":
            let raw = try delimited(by: "'").unescaping("'")
            return Token(kind: .literal, offset: start, literal: .string(raw))
        case "`": return try literal()
        case "\"": return try quotedIdentifier()
        case "|": return pair("|", .or, else: .pipe)
        case "&": return pair("&", .and, else: .expref)
        case "<": return pair("=", .lte, else: .lt)
        case ">": return pair("=", .gte, else: .gt)
        case "!": return pair("=", .ne, else: .not)
        case "=":
            guard next(is: "=") else { throw error("unknown token '=' (did you mean '=='?)", at: start) }
            i += 2
            return Token(kind: .eq, offset: start)
        case "-", "0"..."9":
            i += 1
            while i < scalars.count, ("0"..."9").contains(scalars[i]) { i += 1 }
            let digits = text(start..<i)
            guard digits != "-" else { throw error("'-' must be followed by digits", at: start) }
            // Out-of-range numbers saturate: as indices and slice bounds they act like Python's big integers.
            let number = Int(digits) ?? (c == "-" ? Int.min : Int.max)
            return Token(kind: .number, offset: start, number: number)
        default:
            throw error("unknown character '\(c.escaped(asASCII: false))'", at: start)
        }
    }

    private func next(is c: Unicode.Scalar) -> Bool { i + 1 < scalars.count && scalars[i + 1] == c }

    private func text(_ range: Range<Int>) -> String {
        // Scalar by scalar: `append(contentsOf:)` is generic code whose first call in a process looks
        // up conformances by scanning every conformance record (each `--query` is a new process).
        var s = String.UnicodeScalarView()
        for scalar in scalars[range] { s.append(scalar) }
        return String(s)
    }

    private mutating func pair(_ second: Unicode.Scalar, _ both: Token.Kind, else single: Token.Kind) -> Token {
        let start = i
        if next(is: second) { i += 2; return Token(kind: both, offset: start) }
        i += 1
        return Token(kind: single, offset: start)
    }

    /// The text up to the closing `delimiter`; a backslash keeps itself and the scalar after it.
    private mutating func delimited(by delimiter: Unicode.Scalar) throws -> String {
        let start = i
        var buffer = String.UnicodeScalarView()
        i += 1
        while true {
            guard i < scalars.count else { throw error("unclosed \(delimiter) delimiter", at: start) }
            let c = scalars[i]
            if c == delimiter { i += 1; return String(buffer) }
            if c == "\\" {
                buffer.append(c)
                i += 1
                guard i < scalars.count else { throw error("unclosed \(delimiter) delimiter", at: start) }
            }
            buffer.append(scalars[i])
            i += 1
        }
    }

    private mutating func literal() throws -> Token {
        let start = i
        let lexeme = try delimited(by: "`").unescaping("`")
        if let value = try? JMESValue(jsonText: lexeme) {
            return Token(kind: .literal, offset: start, literal: value)
        }
        // JEP-12's deprecated form: `foo` is the string "foo".
        let stripped = String(String.UnicodeScalarView(lexeme.unicodeScalars.drop { $0.isPythonWhitespace }))
        guard let value = try? JMESValue(jsonText: "\"" + stripped + "\"") else {
            throw error("the literal `\(lexeme)` is not JSON", at: start)
        }
        return Token(kind: .literal, offset: start, literal: value)
    }

    private mutating func quotedIdentifier() throws -> Token {
        let start = i
        let lexeme = try delimited(by: "\"")
        guard case .string(let name) = try? JMESValue(jsonText: "\"" + lexeme + "\"") else {
            throw error("the quoted identifier \"\(lexeme)\" is not a valid JSON string", at: start)
        }
        return Token(kind: .quotedIdentifier, offset: start, name: name)
    }

    private static let simpleTokens: [Unicode.Scalar: Token.Kind] = [
        ".": .dot, "*": .star, "]": .rbracket, ",": .comma, ":": .colon, "@": .current,
        "(": .lparen, ")": .rparen, "{": .lbrace, "}": .rbrace,
    ]
}

extension String {
    /// The string with every backslash-`quote` pair replaced by `quote` (Python's
    /// `str.replace("\\'", "'")`, scalar by scalar).
    func unescaping(_ quote: Unicode.Scalar) -> String {
        var out = String.UnicodeScalarView()
        var pendingBackslash = false
        for c in unicodeScalars {
            if pendingBackslash {
                pendingBackslash = false
                if c == quote { out.append(c); continue }
                out.append("\\")
            }
            if c == "\\" { pendingBackslash = true } else { out.append(c) }
        }
        if pendingBackslash { out.append("\\") }
        return String(out)
    }
}

extension Unicode.Scalar {
    var isIdentifierStart: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" }
    var isIdentifierPart: Bool { isIdentifierStart || ("0"..."9").contains(self) }

    /// Python's `str.isspace()`: Unicode White_Space plus the ASCII separators U+001C…U+001F.
    var isPythonWhitespace: Bool { properties.isWhitespace || (0x1C...0x1F).contains(value) }
}
