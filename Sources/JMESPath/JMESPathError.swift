/// Why an expression could not be compiled or evaluated. `kind` is what callers decide on; its raw
/// values are the error names of the JMESPath compliance suite. `offset` counts Unicode scalars
/// from the start of the expression (the column is `offset + 1`).
public struct JMESPathError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Kind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The expression is not valid JMESPath (found by the lexer or the parser).
        public static let syntax = Kind(rawValue: "syntax")
        /// A function was given a value of a type it does not accept, or two values could not be ordered.
        public static let invalidType = Kind(rawValue: "invalid-type")
        /// A function was given the wrong number of arguments.
        public static let invalidArity = Kind(rawValue: "invalid-arity")
        /// A function name that JMESPath does not define.
        public static let unknownFunction = Kind(rawValue: "unknown-function")
        /// A value of the right type that cannot be used (a slice step of 0, `ceil` of infinity).
        public static let invalidValue = Kind(rawValue: "invalid-value")
    }

    public var kind: Kind
    public var message: String
    /// The expression the error is about.
    public var expression: String
    /// Where in the expression, in Unicode scalars from its start; nil when there is no one place.
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, expression: String = "", offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.expression = expression
        self.offset = offset
    }

    public var description: String {
        var text = "\(kind == .syntax ? "syntax error" : "\(kind) error")"
        if let offset { text += " at column \(offset + 1)" }
        text += ": \(message)"
        if !expression.isEmpty {
            text += "\n  \(expression)"
            if let offset { text += "\n  " + String(repeating: " ", count: offset) + "^" }
        }
        return text
    }

    /// The same error, placed in `expression` (the interpreter and functions raise errors before
    /// they know the text).
    func located(in expression: String, at offset: Int? = nil) -> JMESPathError {
        var copy = self
        copy.expression = expression
        if copy.offset == nil { copy.offset = offset }
        return copy
    }
}
