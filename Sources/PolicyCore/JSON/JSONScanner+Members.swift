import Foundation

/// Reading JSON one member or element at a time, for decoders that build their own values straight
/// from the bytes (the policy model, the action catalog) instead of going through a `JSONNode` tree.
/// `parseObject` and `parseArray` are built on the same steps, so a streaming decoder accepts and
/// rejects exactly what the tree parser does, with the same messages.
extension JSONScanner {
    /// An object key as read from the source: its span and the UTF-8 bytes of its text — the source
    /// bytes between the quotes, or, for a key with escape sequences, the decoded bytes the scanner
    /// keeps. Plain values, so keeping and comparing keys costs no reference counting.
    struct Key {
        let span: SourceSpan
        let content: UnsafeBufferPointer<UInt8>
        /// Bytes readable from the content's start (for word-at-a-time lookups).
        let readable: Int
        /// Whether `string` looks the key up in the policy vocabulary (the scanner's `internsPolicyWords`).
        let interns: Bool

        /// Whether the key is exactly `name` (keys are case-sensitive).
        @inline(__always)
        func matches(_ name: String) -> Bool {
            guard name.utf8.count == content.count else { return false }
            var name = name
            return name.withUTF8 { memcmp($0.baseAddress!, content.baseAddress!, content.count) == 0 }
        }

        /// Whether the key is exactly `name`, compared as bytes (no `String` made or retained).
        @inline(__always)
        func `is`(_ name: StaticString) -> Bool {
            content.count == name.utf8CodeUnitCount && memcmp(content.baseAddress!, name.utf8Start, content.count) == 0
        }

        /// Whether two keys are the same text.
        func matches(_ other: Key) -> Bool {
            content.count == other.content.count && content.elementsEqual(other.content)
        }

        var string: String { JSONScanner.string(content, readable: readable, interning: interns) }
    }

    /// The decoded bytes of keys with escape sequences (rare), alive as long as the scanner.
    final class DecodedKeys {
        private var buffers: [UnsafeMutableBufferPointer<UInt8>] = []

        func keep(_ text: String) -> UnsafeBufferPointer<UInt8> {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
            _ = buffer.initialize(from: text.utf8)
            buffers.append(buffer)
            return UnsafeBufferPointer(rebasing: buffer[0..<text.utf8.count])
        }

        deinit {
            for buffer in buffers { buffer.deallocate() }
        }
    }

    // MARK: Documents

    /// Checks the size limit and byte order mark and steps to the first value.
    mutating func beginDocument() throws(JSONSyntaxError) {
        if bytes.count > limits.maxBytes {
            throw JSONSyntaxError(position: .start, message: "the document is \(bytes.count) bytes long; the limit is \(limits.maxBytes) bytes")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw error("the document starts with a UTF-8 byte order mark; remove it (RFC 8259 section 8.1)")
        }
        skipWhitespace()
        if atEnd { throw error("the document is empty; expected a JSON value") }
    }

    /// After the top-level value: only whitespace may follow.
    mutating func endDocument() throws(JSONSyntaxError) {
        skipWhitespace()
        if !atEnd {
            throw error("unexpected \(describeByte(at: index)) after the end of the JSON value")
        }
    }

    /// The byte at `index` (a value's first byte once whitespace is skipped), or 0 at the end.
    @inline(__always)
    var nextByte: UInt8 { index < bytes.count ? bytes[index] : 0 }

    // MARK: Objects

    /// Consumes `{` and the whitespace after it; false (having consumed `}`) when the object is empty.
    mutating func beginObject(depth: Int) throws(JSONSyntaxError) -> Bool { try begin(.object, depth: depth) }

    /// Reads `"key":` and the whitespace after it; leaves `index` at the value's first byte.
    mutating func memberKey() throws(JSONSyntaxError) -> Key {
        guard index < bytes.count else { throw error("unexpected end of input inside an object; expected '}'") }
        let b = bytes[index]
        guard b == UInt8(ascii: "\"") else {
            if b == UInt8(ascii: "/") { throw error("comments are not allowed in JSON") }
            if b == UInt8(ascii: "'") { throw error("object keys must be enclosed in double quotes, not single quotes") }
            throw error("unexpected \(describeByte(at: index)); expected an object key in double quotes")
        }
        let start = here
        let contentStart = index + 1
        let text = try scanString()
        let key: Key
        if let decoded = text.decoded {
            if decodedKeys == nil { decodedKeys = DecodedKeys() }
            let content = decodedKeys!.keep(decoded)
            key = Key(span: SourceSpan(start: start, end: here), content: content, readable: content.count, interns: internsPolicyWords)
        } else {
            key = Key(span: SourceSpan(start: start, end: here), content: text.content, readable: bytes.count - contentStart, interns: internsPolicyWords)
        }
        if isRecording { recording!.key(key.string, span: key.span) }
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            if atEnd { throw error("unexpected end of input; expected ':' after the object key") }
            throw error("unexpected \(describeByte(at: index)); expected ':' after the object key")
        }
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        return key
    }

    /// After a member's value: true at `,` (consumed, with the whitespace after it), false at `}` (consumed).
    mutating func nextMember() throws(JSONSyntaxError) -> Bool { try nextItem(of: .object) }

    // MARK: Arrays

    /// Consumes `[` and the whitespace after it; false (having consumed `]`) when the array is empty.
    mutating func beginArray(depth: Int) throws(JSONSyntaxError) -> Bool { try begin(.array, depth: depth) }

    /// After an element: true at `,` (consumed, with the whitespace after it), false at `]` (consumed).
    mutating func nextElement() throws(JSONSyntaxError) -> Bool { try nextItem(of: .array) }

    enum Container {
        case object, array

        var closer: UInt8 { self == .object ? UInt8(ascii: "}") : UInt8(ascii: "]") }
        /// For messages.
        var closerCharacter: Character { self == .object ? "}" : "]" }
        var name: String { self == .object ? "an object" : "an array" }
        var item: String { self == .object ? "an object member" : "an array element" }
    }

    /// Consumes the opening bracket and the whitespace after it; false (having consumed the closing
    /// bracket) when the container is empty.
    @inline(__always)
    mutating func begin(_ container: Container, depth: Int) throws(JSONSyntaxError) -> Bool {
        try enter(depth)
        let start = isRecording ? here : nil
        index += 1
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input inside \(container.name); expected '\(container.closerCharacter)'") }
        if bytes[index] == container.closer {
            index += 1
            if let start {
                recording!.emit(JSONNode(container == .object ? .object([]) : .array([]), span: SourceSpan(start: start, end: here)))
            }
            return false
        }
        if let start { recording!.open(object: container == .object, at: start) }
        return true
    }

    /// After a member or element: true at `,` (consumed, with the whitespace after it), false at the
    /// closing bracket (consumed). A comma before the closing bracket is an error at the comma.
    @inline(__always)
    mutating func nextItem(of container: Container) throws(JSONSyntaxError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input inside \(container.name); expected ',' or '\(container.closerCharacter)'") }
        switch bytes[index] {
        case UInt8(ascii: ","):
            let comma = here
            index += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input inside \(container.name); expected '\(container.closerCharacter)'") }
            if bytes[index] == container.closer {
                throw JSONSyntaxError(position: comma, message: "trailing comma before '\(container.closerCharacter)' is not allowed in JSON")
            }
            return true
        case container.closer:
            index += 1
            if isRecording { recording!.close(at: here) }
            return false
        case UInt8(ascii: "/"):
            throw error("comments are not allowed in JSON")
        default:
            throw error("unexpected \(describeByte(at: index)); expected ',' or '\(container.closerCharacter)' after \(container.item)")
        }
    }
}

extension JSONScanner {
    /// Continues reading at `position` of the same text (a value inside a document parsed before).
    mutating func move(to position: SourcePosition) {
        index = position.offset
        line = position.line
        // Columns are counted from `lineStart`; from here on they come out right with this one.
        lineStart = position.offset - (position.column - 1)
        continuationBytes = 0
    }
}

extension JSONScanner {
    /// Steps over one value with the same checks as `parseValue`, building nothing: for readers
    /// that stream a large document and only look closer at some of its values.
    mutating func skipValue(depth: Int) throws(JSONSyntaxError) {
        guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            _ = try scanString()
        case UInt8(ascii: "{"):
            if try beginObject(depth: depth) {
                repeat {
                    _ = try memberKey()
                    try skipValue(depth: depth + 1)
                } while try nextMember()
            }
        case UInt8(ascii: "["):
            if try beginArray(depth: depth) {
                repeat { try skipValue(depth: depth + 1) } while try nextElement()
            }
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw unexpectedValueStart()
        }
    }

    /// What the value at `index` is, from its first byte, in `JSONNode.typeDescription`'s words.
    var nextValueTypeDescription: String {
        switch nextByte {
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "n"): "null"
        default: "a number"
        }
    }
}
