extension ValidationContext {
    /// The JSON object a statement was built from.
    public func node(of statement: Statement) -> JSONNode? {
        guard let node = statementNodes[statement.span.start.offset], node.span == statement.span else { return nil }
        return node
    }

    /// Whether the statement's JSON has `key` (even when its value was unusable and left out of the model).
    public func statement(_ statement: Statement, has key: String) -> Bool {
        node(of: statement)?.members?.contains { $0.key == key } ?? false
    }

    /// The key span of `key` in the statement, or the statement's opening brace.
    public func keySpan(_ key: String, in statement: Statement) -> SourceSpan {
        node(of: statement)?.members?.first { $0.key == key }?.keySpan ?? SourceSpan(at: statement.span.start)
    }

    public var catalog: ActionCatalog { ActionCatalog.shared }
}

/// Positions inside a JSON string value.
enum StringSpan {
    /// The span of the characters `scalarOffset..<scalarOffset+length` of a string value whose
    /// source span is `span`. Exact when the string has no escape sequences (then the source is the
    /// text itself); otherwise the whole string, since escapes break the column arithmetic.
    static func span(in value: Located<String>, scalarOffset: Int, length: Int) -> SourceSpan {
        let span = value.span
        let rawLength = span.end.offset - span.start.offset - 2
        guard rawLength == value.value.utf8.count, span.start.line == span.end.line else { return span }
        let scalars = Array(value.value.unicodeScalars)
        guard scalarOffset >= 0, scalarOffset + length <= scalars.count else { return span }
        let byteOffset = scalars[..<scalarOffset].reduce(0) { $0 + UTF8.width($1) }
        let byteLength = scalars[scalarOffset..<(scalarOffset + length)].reduce(0) { $0 + UTF8.width($1) }
        let start = SourcePosition(line: span.start.line, column: span.start.column + 1 + scalarOffset, offset: span.start.offset + 1 + byteOffset)
        let end = SourcePosition(line: span.start.line, column: start.column + length, offset: start.offset + byteLength)
        return SourceSpan(start: start, end: end)
    }
}

/// Byte-level tests on UTF-8 (`String.contains(String)` goes through Foundation and is slow).
extension String {
    /// Whether the text holds a `*` or `?` wildcard.
    /// (`withUTF8` of a copy: it reads native text in place and a small string from the stack, where
    /// `utf8.withContiguousStorageIfAvailable` gives up on small strings.)
    var hasWildcard: Bool {
        var text = self
        return text.withUTF8 { Self.hasWildcard($0) }
    }

    /// Whether the text holds `${`, the start of a policy variable.
    var hasVariableMarker: Bool {
        var text = self
        return text.withUTF8 { Self.hasVariableMarker($0) }
    }

    /// `hasWildcard` of UTF-8 bytes (a loop over a buffer: the `UTF8View` iterator costs several times more).
    static func hasWildcard(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes where b == UInt8(ascii: "*") || b == UInt8(ascii: "?") { return true }
        return false
    }

    /// `hasVariableMarker` of UTF-8 bytes.
    static func hasVariableMarker(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for b in bytes {
            if previous == UInt8(ascii: "$") && b == UInt8(ascii: "{") { return true }
            previous = b
        }
        return false
    }

    func containsByte(_ byte: UInt8) -> Bool { utf8.contains(byte) }
}

extension Substring {
    var hasWildcard: Bool { utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") } }
}
