import Foundation

/// Why JSON text could not be read, at a byte offset from the start of the text.
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Offset in bytes (UTF-8) from the start of the text.
    public var offset: Int
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JMESValue {
    /// Reads a JSON document as Python's `json.loads` does for bytes: a UTF-8 byte order mark is
    /// skipped, `NaN`, `Infinity` and `-Infinity` are accepted, a repeated key keeps its first
    /// position and its last value, numbers without `.` or exponent are integers.
    public init(json data: Data) throws {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw JSONReadError(message: "the text is not UTF-8", offset: 0)
        }
        var reader = JSONReader(bytes)
        self = try reader.readDocument()
    }

    /// Reads JSON text as Python's `json.loads` does for a string (no byte order mark allowed).
    public init(jsonText text: String) throws {
        var reader = JSONReader(Array(text.utf8))
        self = try reader.readDocument()
    }
}

/// A small recursive-descent JSON reader with Python `json` semantics (see `JMESValue(json:)`).
struct JSONReader {
    private let bytes: [UInt8]
    private var i = 0
    private var depth = 0
    private static let maximumDepth = 1000

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func readDocument() throws -> JMESValue {
        skipWhitespace()
        let value = try readValue()
        skipWhitespace()
        if i < bytes.count { throw fail("extra data after the value") }
        return value
    }

    private func fail(_ message: String) -> JSONReadError { JSONReadError(message: message, offset: i) }

    private mutating func skipWhitespace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
    }

    private mutating func readValue() throws -> JMESValue {
        guard i < bytes.count else { throw fail("expected a value") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try nested { try $0.readObject() }
        case UInt8(ascii: "["): return try nested { try $0.readArray() }
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "n") where consume("null"): return .null
        case UInt8(ascii: "t") where consume("true"): return .bool(true)
        case UInt8(ascii: "f") where consume("false"): return .bool(false)
        case UInt8(ascii: "N") where consume("NaN"): return .double(.nan)
        case UInt8(ascii: "I") where consume("Infinity"): return .double(.infinity)
        case UInt8(ascii: "-") where consume("-Infinity"): return .double(-.infinity)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw fail("expected a value")
        }
    }

    private mutating func nested(_ read: (inout JSONReader) throws -> JMESValue) throws -> JMESValue {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw fail("nested more than \(Self.maximumDepth) levels deep") }
        return try read(&self)
    }

    private mutating func consume(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard bytes.count - i >= w.count, bytes[i..<(i + w.count)].elementsEqual(w) else { return false }
        i += w.count
        return true
    }

    private mutating func readObject() throws -> JMESValue {
        i += 1
        var object = JMESObject()
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
        while true {
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a property name in double quotes") }
            let key = try readString()
            skipWhitespace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after a property name") }
            i += 1
            skipWhitespace()
            object[key] = try readValue()
            skipWhitespace()
            guard i < bytes.count else { throw fail("expected ',' or '}'") }
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
            guard bytes[i] == UInt8(ascii: ",") else { throw fail("expected ',' or '}'") }
            i += 1
        }
    }

    private mutating func readArray() throws -> JMESValue {
        i += 1
        var array: [JMESValue] = []
        skipWhitespace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
        while true {
            skipWhitespace()
            array.append(try readValue())
            skipWhitespace()
            guard i < bytes.count else { throw fail("expected ',' or ']'") }
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(array) }
            guard bytes[i] == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
            i += 1
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, as Python's scanner matches it.
    private mutating func readNumber() throws -> JMESValue {
        let start = i
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] >= 0x30 && bytes[at] <= 0x39 }
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard isDigit(i) else { throw fail("expected a value") }
        if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while isDigit(i) { i += 1 } }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: "."), isDigit(i + 1) {
            isInteger = false
            i += 1
            while isDigit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            var j = i + 1
            if j < bytes.count, bytes[j] == UInt8(ascii: "+") || bytes[j] == UInt8(ascii: "-") { j += 1 }
            if isDigit(j) {
                isInteger = false
                i = j
                while isDigit(i) { i += 1 }
            }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw JSONReadError(message: "unreadable number \(text)", offset: start) }
        return .double(value)
    }

    private mutating func readString() throws -> String {
        i += 1
        let start = i
        // The common case: no escapes, one decoding of the bytes as they are.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
            i += 1
            return String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
        }
        var buffer = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: buffer, as: UTF8.self)
            }
            if b < 0x20 { throw fail("control character in a string") }
            i += 1
            guard b == UInt8(ascii: "\\") else { buffer.append(b); continue }
            guard i < bytes.count else { throw fail("unterminated string") }
            let escape = bytes[i]
            i += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"): buffer.append(contentsOf: UTF8.encode(try readUnicodeEscape())!)
            default: i -= 2; throw fail("invalid escape in a string")
            }
        }
    }

    /// After `\u`: four hex digits, combined with a following `\uDC00`-`\uDFFF` into one scalar.
    /// A lone surrogate (which Python keeps, but a Swift string cannot hold) becomes U+FFFD.
    private mutating func readUnicodeEscape() throws -> Unicode.Scalar {
        let high = try readHex4()
        if (0xD800...0xDBFF).contains(high), bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
            let save = i
            i += 2
            let low = try readHex4()
            if (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            i = save
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func readHex4() throws -> UInt32 {
        guard bytes.count - i >= 4 else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexValue(bytes[i]) else { throw fail("invalid \\u escape") }
            value = value << 4 | digit
            i += 1
        }
        return value
    }

    private func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
