/// A strict RFC 8259 JSON parser that remembers the position of every key and value.
///
/// It works on UTF-8 bytes with a hand-written scanner (no per-character `String` work) and rejects
/// everything RFC 8259 does not allow: trailing commas, comments, single quotes, `NaN`/`Infinity`,
/// leading zeros, invalid UTF-8 (overlong forms, encoded surrogates, code points above U+10FFFF),
/// unescaped control characters, lone surrogates in `\u` escapes, and a byte order mark. Nesting and
/// size are bounded by `JSONLimits`, so no input makes it recurse or allocate without bound.
///
/// Duplicate keys are kept in source order (RFC 8259 leaves them to the application); the policy
/// layer reports them because AWS rejects them.
public enum JSONParser {
    /// Parses one JSON value from UTF-8 bytes. `internsPolicyWords: true` hands out the shared policy
    /// vocabulary's strings (`CommonStrings`), whose first use costs about two million instructions:
    /// only for a reader of many policies (`CommonStrings.worthwhileDocuments`).
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default,
                             internsPolicyWords: Bool = false) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(buffer: buffer, limits: limits, internsPolicyWords: internsPolicyWords)
        }
        if let result { return try result.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { parse(buffer: $0, limits: limits, internsPolicyWords: internsPolicyWords) }.get()
    }

    /// Parses one JSON value from a string (its UTF-8 form; a Swift `String` is always valid UTF-8).
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONSyntaxError) -> JSONNode {
        var text = text
        return try text.withUTF8 { parse(buffer: $0, limits: limits) }.get()
    }

    static func parse(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits, internsPolicyWords: Bool = false) -> Result<JSONNode, JSONSyntaxError> {
        parseReportingDuplicates(buffer: buffer, limits: limits, internsPolicyWords: internsPolicyWords).map(\.node)
    }

    /// Parses and also returns every repeated key (in the order the objects close), so the policy
    /// layer need not walk the tree again to find them.
    static func parseReportingDuplicates(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits, internsPolicyWords: Bool = false)
        -> Result<(node: JSONNode, duplicates: [(repeated: JSONMember, first: JSONMember)]), JSONSyntaxError> {
        var scanner = JSONScanner(bytes: buffer, limits: limits, internsPolicyWords: internsPolicyWords)
        do throws(JSONSyntaxError) {
            let node = try scanner.parseDocument()
            return .success((node, scanner.duplicateKeys))
        } catch {
            return .failure(error)
        }
    }
}

/// The scanner state. Positions are computed from the current line's start and the number of
/// UTF-8 continuation bytes seen on it, so the column counts code points without decoding.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    var index = 0
    var line = 1
    var lineStart = 0
    /// UTF-8 continuation bytes between `lineStart` and `index` (only strings contain non-ASCII).
    var continuationBytes = 0
    /// Where keys with escape sequences are kept decoded (see `Key`); made on the first one.
    var decodedKeys: DecodedKeys?
    /// Reused buffer for strings with escapes.
    var scratch: [UInt8] = []
    /// Keys that repeat within one object, found while the object's members are still hot:
    /// the repeated key and the first occurrence.
    var duplicateKeys: [(repeated: JSONMember, first: JSONMember)] = []
    /// Whether strings are looked up in the shared policy vocabulary (see `JSONParser.parse` and
    /// `CommonStrings.worthwhileDocuments`).
    var internsPolicyWords: Bool
    /// The tree of what a streaming reader reads, when it asks for one (see `TreeRecording`).
    var recording: TreeRecording?

    /// Whether what is read now goes into `recording` (set, and not paused by `parseValue`).
    @inline(__always)
    var isRecording: Bool { recording?.paused == 0 }

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits, internsPolicyWords: Bool = false) {
        self.bytes = bytes
        self.limits = limits
        self.internsPolicyWords = internsPolicyWords
    }

    // MARK: Positions and errors

    @inline(__always)
    func position(at offset: Int) -> SourcePosition {
        SourcePosition(scannedLine: line, column: offset - lineStart - continuationBytes + 1, offset: offset)
    }

    @inline(__always)
    var here: SourcePosition { position(at: index) }

    func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(position: position(at: offset ?? index), message: message)
    }

    @inline(__always)
    var atEnd: Bool { index >= bytes.count }

    // MARK: Document

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        try beginDocument()
        let value = try parseValue(depth: 1)
        try endDocument()
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09:
                index += 1
            case 0x0A:
                index += 1
                newLine()
            case 0x0D:
                index += 1
                if index < bytes.count, bytes[index] == 0x0A { index += 1 }
                newLine()
            default:
                return
            }
        }
    }

    @inline(__always)
    mutating func newLine() {
        line += 1
        lineStart = index
        continuationBytes = 0
        // Indentation of pretty-printed JSON: eight spaces at a time.
        while bytes.count - index >= 8,
              UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) == 0x2020_2020_2020_2020 {
            index += 8
        }
    }

    /// One value as a tree. While a reader records its tree, the value goes into the recording whole.
    mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard isRecording else { return try parseTreeValue(depth: depth) }
        recording!.paused += 1
        let node: JSONNode
        do throws(JSONSyntaxError) {
            node = try parseTreeValue(depth: depth)
        } catch {
            recording!.paused -= 1
            throw error
        }
        recording!.paused -= 1
        recording!.emit(node)
        return node
    }

    mutating func parseTreeValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        let start = here
        switch bytes[index] {
        case UInt8(ascii: "\""):
            let s = try parseString()
            return JSONNode(.string(s), span: SourceSpan(start: start, end: here))
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth, start: start)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth, start: start)
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return JSONNode(.bool(true), span: SourceSpan(start: start, end: here))
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return JSONNode(.bool(false), span: SourceSpan(start: start, end: here))
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return JSONNode(.null, span: SourceSpan(start: start, end: here))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let text = try parseNumber()
            return JSONNode(.number(text), span: SourceSpan(start: start, end: here))
        default:
            throw unexpectedValueStart()
        }
    }

    /// A precise message for the usual ways people write non-JSON.
    func unexpectedValueStart() -> JSONSyntaxError {
        switch bytes[index] {
        case UInt8(ascii: "/"):
            return error("comments are not allowed in JSON")
        case UInt8(ascii: "'"):
            return error("strings must be enclosed in double quotes, not single quotes")
        case UInt8(ascii: "+"):
            return error("a number must not start with '+'")
        case UInt8(ascii: "."):
            return error("a number must start with a digit, not '.'")
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            if startsWith("NaN") || startsWith("Infinity") {
                return error("NaN and Infinity are not valid JSON numbers")
            }
            return error("unexpected \(describeByte(at: index)); expected a JSON value")
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            return error("unexpected '\(Character(UnicodeScalar(bytes[index])))'; expected a JSON value")
        default:
            return error("unexpected \(describeByte(at: index)); expected a JSON value")
        }
    }

    func startsWith(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - index >= count else { return false }
        let p = literal.utf8Start
        for k in 0..<count where bytes[index + k] != p[k] { return false }
        return true
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
        let count = literal.utf8CodeUnitCount
        let p = literal.utf8Start
        for k in 0..<count {
            guard index + k < bytes.count, bytes[index + k] == p[k] else {
                throw error("invalid literal; expected '\(literal)'")
            }
        }
        index += count
        // `truex` or `null1` must not pass as a literal followed by garbage in a confusing way.
        if index < bytes.count, isIdentifierByte(bytes[index]) {
            throw error("invalid literal; expected '\(literal)'", at: index - count)
        }
    }

    @inline(__always)
    func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }

    // MARK: Containers

    mutating func findDuplicateKeys(_ members: [JSONMember]) {
        if members.count <= 16 {
            for i in 1..<members.count {
                for j in 0..<i where members[j].key == members[i].key {
                    duplicateKeys.append((members[i], members[j]))
                    break
                }
            }
        } else {
            var seen: [String: Int] = [:]
            for (i, m) in members.enumerated() {
                if let j = seen[m.key] { duplicateKeys.append((m, members[j])) } else { seen[m.key] = i }
            }
        }
    }

    mutating func enter(_ depth: Int) throws(JSONSyntaxError) {
        if depth > limits.maxDepth {
            throw error("arrays and objects are nested more than \(limits.maxDepth) levels deep")
        }
    }

    mutating func parseObject(depth: Int, start: SourcePosition) throws(JSONSyntaxError) -> JSONNode {
        var members: [JSONMember] = []
        if try beginObject(depth: depth) {
            // Policy objects mostly have 2-6 members: start big enough to skip the first regrowths.
            members.reserveCapacity(6)
            repeat {
                let key = try memberKey()
                let value = try parseTreeValue(depth: depth + 1)
                members.append(JSONMember(key: string(key.content, readable: key.readable), keySpan: key.span, value: value))
            } while try nextMember()
            if members.count > 1 { findDuplicateKeys(members) }
        }
        return JSONNode(.object(members.fitted()), span: SourceSpan(start: start, end: here))
    }

    mutating func parseArray(depth: Int, start: SourcePosition) throws(JSONSyntaxError) -> JSONNode {
        var elements: [JSONNode] = []
        if try beginArray(depth: depth) {
            // Policy lists (actions, ARNs, statements) mostly have 2-6 entries.
            elements.reserveCapacity(6)
            repeat {
                elements.append(try parseTreeValue(depth: depth + 1))
            } while try nextElement()
        }
        return JSONNode(.array(elements.fitted()), span: SourceSpan(start: start, end: here))
    }

    // MARK: Numbers

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                if index < bytes.count, bytes[index] == UInt8(ascii: "I") {
                    throw error("NaN and Infinity are not valid JSON numbers", at: start)
                }
                throw error("expected a digit after '-'")
            }
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw error("numbers must not have leading zeros", at: index - 1)
            }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit after the decimal point") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("expected a digit in the exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, isIdentifierByte(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
            throw error("invalid number")
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    @inline(__always)
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    // MARK: Strings

    /// Parses a string starting at the opening quote; leaves `index` after the closing quote.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let start = isRecording ? here : nil
        let contentStart = index + 1
        let text = try scanString()
        let value = text.decoded ?? string(text.content, readable: bytes.count - contentStart)
        if let start { recording!.emit(JSONNode(.string(value), span: SourceSpan(start: start, end: here))) }
        return value
    }

    /// The text of string content without escapes, in the vocabulary this scanner uses.
    @inline(__always)
    func string(_ content: UnsafeBufferPointer<UInt8>, readable: Int) -> String {
        Self.string(content, readable: readable, interning: internsPolicyWords)
    }

    /// The text of string content without escapes, from the vocabulary when `interning`.
    @inline(__always)
    static func string(_ content: UnsafeBufferPointer<UInt8>, readable: Int, interning: Bool) -> String {
        interning ? string(content, readable: readable) : String(decoding: content, as: UTF8.self)
    }

    /// The text of string content without escapes: a shared common word, or a new string.
    /// `readable` is how many bytes from the content's start lie inside the input.
    @inline(__always)
    static func string(_ content: UnsafeBufferPointer<UInt8>, readable: Int) -> String {
        guard let start = content.baseAddress else { return "" }
        return CommonStrings.shared.string(at: start, count: content.count, readable: readable) ?? String(decoding: content, as: UTF8.self)
    }

    /// Reads a string starting at the opening quote; leaves `index` after the closing quote. Without
    /// escape sequences (most strings) the text is the source bytes between the quotes (`content`);
    /// with them, `decoded` holds the decoded text.
    mutating func scanString() throws(JSONSyntaxError) -> (content: UnsafeBufferPointer<UInt8>, decoded: String?) {
        // The quote's position is only needed for an error: keep what it is computed from (multi-byte
        // characters in the string change `continuationBytes`; a string never spans lines).
        let quote = (offset: index, continuationBytes: continuationBytes)
        index += 1
        let contentStart = index
        // Fast path: no escapes, so the content is the bytes themselves.
        while true {
            skipPlainStringBytes()
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
                index += 1
                return (content, nil)
            } else if b == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
                return (UnsafeBufferPointer(rebasing: bytes[contentStart..<contentStart]), try parseEscapedString(quote: quote))
            } else if b < 0x20 {
                throw controlCharacterError(b)
            } else if b < 0x80 {
                index += 1
            } else {
                try skipMultiByteScalar()
            }
        }
        throw unterminatedString(quote: quote)
    }

    func unterminatedString(quote: (offset: Int, continuationBytes: Int)) -> JSONSyntaxError {
        let position = SourcePosition(line: line, column: quote.offset - lineStart - quote.continuationBytes + 1, offset: quote.offset)
        return JSONSyntaxError(position: position, message: "unterminated string (the opening quote is at \(position))")
    }

    /// Steps over printable ASCII string content eight bytes at a time, stopping at the first byte
    /// that needs a closer look: `"`, `\`, a control character or a non-ASCII byte. Most of a
    /// policy is string content (ARNs, actions), so this loop is where the parser spends its time.
    @inline(__always)
    mutating func skipPlainStringBytes() {
        guard let base = bytes.baseAddress else { return }
        while bytes.count - index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let special = Self.specialByteMask(word)
            if special != 0 {
                // The lowest flagged byte is exact (the SWAR borrows only run towards higher bytes).
                index += special.trailingZeroBitCount / 8
                return
            }
            index += 8
        }
    }

    /// A mask with the high bit set in (at least) the first byte of `word`, in memory order, that is
    /// a quote, a backslash, below U+0020 or non-ASCII; zero when all eight are plain ASCII.
    @inline(__always)
    static func specialByteMask(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highBits }
        let quote = zeroBytes(word ^ (ones &* 0x22))
        let backslash = zeroBytes(word ^ (ones &* 0x5C))
        let control = (word &- ones &* 0x20) & ~word & highBits
        return quote | backslash | control | (word & highBits)
    }

    mutating func parseEscapedString(quote: (offset: Int, continuationBytes: Int)) throws(JSONSyntaxError) -> String {
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: scratch, as: UTF8.self)
            } else if b == UInt8(ascii: "\\") {
                try parseEscape()
            } else if b < 0x20 {
                throw controlCharacterError(b)
            } else if b < 0x80 {
                scratch.append(b)
                index += 1
            } else {
                let start = index
                try skipMultiByteScalar()
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            }
        }
        throw unterminatedString(quote: quote)
    }

    func controlCharacterError(_ b: UInt8) -> JSONSyntaxError {
        if b == 0x0A || b == 0x0D {
            return error("line break inside a string; strings cannot span lines (write \\n)")
        }
        if b == 0x09 {
            return error("unescaped tab inside a string (write \\t)")
        }
        return error("unescaped control character U+\(hex(UInt32(b), width: 4)) inside a string")
    }

    mutating func parseEscape() throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw error("unterminated escape sequence", at: escapeStart) }
        let c = bytes[index]
        index += 1
        switch c {
        case UInt8(ascii: "\""): scratch.append(0x22)
        case UInt8(ascii: "\\"): scratch.append(0x5C)
        case UInt8(ascii: "/"): scratch.append(0x2F)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4(escapeStart: escapeStart)
            var scalarValue = UInt32(unit)
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("lone high surrogate \\u\(hex(UInt32(unit), width: 4)) is not followed by a low surrogate", at: escapeStart)
                }
                let lowStart = index
                index += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error("high surrogate \\u\(hex(UInt32(unit), width: 4)) is followed by \\u\(hex(UInt32(low), width: 4)), not a low surrogate", at: escapeStart)
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw error("lone low surrogate \\u\(hex(UInt32(unit), width: 4))", at: escapeStart)
            }
            appendUTF8(scalarValue)
        default:
            if c < 0x80 && c >= 0x20 {
                throw error("invalid escape sequence '\\\(Character(UnicodeScalar(c)))'", at: escapeStart)
            }
            throw error("invalid escape sequence", at: escapeStart)
        }
    }

    mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw error("\\u must be followed by four hexadecimal digits", at: escapeStart) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: throw error("\\u must be followed by four hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (v >> 6)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (v >> 12)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (v >> 18)))
            scratch.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `index` (RFC 3629 table 3-7) and steps over it.
    @inline(__always)
    mutating func skipMultiByteScalar() throws(JSONSyntaxError) {
        let b0 = bytes[index]
        var length = 0
        var secondLow: UInt8 = 0x80, secondHigh: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw error("invalid UTF-8 byte 0x\(hex(UInt32(b0), width: 2))")
        }
        guard bytes.count - index >= length else { throw error("truncated UTF-8 sequence") }
        let b1 = bytes[index + 1]
        guard b1 >= secondLow && b1 <= secondHigh else { throw error("invalid UTF-8 sequence") }
        for k in 2..<max(2, length) where bytes[index + k] & 0xC0 != 0x80 {
            throw error("invalid UTF-8 sequence")
        }
        index += length
        continuationBytes += length - 1
    }

    // MARK: Messages

    /// `'x'`, `character 'é'` or `byte 0xFF`, for messages about unexpected input.
    func describeByte(at offset: Int) -> String {
        let b = bytes[offset]
        if b >= 0x21 && b < 0x7F { return "'\(Character(UnicodeScalar(b)))'" }
        if b < 0x20 || b == 0x7F { return "control character U+\(hex(UInt32(b), width: 4))" }
        if b < 0x80 { return "character U+\(hex(UInt32(b), width: 4))" }
        // Decode one scalar for the message if the bytes are valid UTF-8.
        var probe = self
        probe.index = offset
        do throws(JSONSyntaxError) {
            try probe.skipMultiByteScalar()
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<probe.index]), as: UTF8.self)
            let scalar = text.unicodeScalars.first!
            return "character '\(text)' (U+\(hex(scalar.value, width: 4)))"
        } catch {
            return "invalid UTF-8 byte 0x\(hex(UInt32(b), width: 2))"
        }
    }
}

func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
