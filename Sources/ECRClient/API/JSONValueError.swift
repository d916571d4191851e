/// Why bytes are not JSON, with the byte offset where reading stopped (from `JSONValue.parse`).
public struct JSONValueError: Error, Sendable, Equatable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}
