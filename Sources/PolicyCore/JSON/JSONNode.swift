/// A JSON value that remembers where every part of it came from.
///
/// Object members keep their source order (and duplicates, which the parser reports as errors but
/// still records so later passes can point at both).
public struct JSONNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case null
        case bool(Bool)
        /// The number's literal text as written (`1`, `-2.5e3`); interpreting it is the caller's job.
        case number(String)
        case string(String)
        case array([JSONNode])
        case object([JSONMember])
    }

    public var kind: Kind
    public var span: SourceSpan

    public init(_ kind: Kind, span: SourceSpan) {
        self.kind = kind
        self.span = span
    }
}

public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var keySpan: SourceSpan
    public var value: JSONNode

    public init(key: String, keySpan: SourceSpan, value: JSONNode) {
        self.key = key
        self.keySpan = keySpan
        self.value = value
    }
}

extension JSONNode {
    public var stringValue: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let m) = kind { return m }
        return nil
    }

    public var elements: [JSONNode]? {
        if case .array(let e) = kind { return e }
        return nil
    }

    /// The first member with this exact key.
    public subscript(key: String) -> JSONNode? {
        members?.first(where: { $0.key == key })?.value
    }

    /// A short name of the JSON type, for messages ("an object", "a string").
    public var typeDescription: String {
        switch kind {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
