/// JMESPath (https://jmespath.org) as the AWS CLI's `--query` evaluates it: the specification, with
/// the choices of jmespath.py 1.1.0 where the two differ (see docs/jmespath.md).
///
///     let expression = try JMESPath.Expression(compiling: "repositories[?starts_with(repositoryName, 'emp')].repositoryUri")
///     let uris = try expression.search(JMESValue(json: responseBody))
///
/// Errors are `JMESPathError`: syntax errors from compiling; invalid-type, invalid-arity,
/// unknown-function and invalid-value errors from searching (as in jmespath.py, a function is only
/// checked when it is called).
public enum JMESPath {
    public struct Expression: Sendable, CustomStringConvertible {
        /// The expression's text.
        public let text: String
        let root: Node

        public init(compiling text: String) throws {
            self.text = text
            root = try Parser.parse(text)
        }

        public func search(_ value: JMESValue) throws -> JMESValue {
            do {
                return try Interpreter().evaluate(root, value)
            } catch let error as JMESPathError {
                throw error.located(in: text)
            }
        }

        public var description: String { text }
    }

    /// Compiles `expression` and searches `value` with it.
    public static func search(_ expression: String, in value: JMESValue) throws -> JMESValue {
        try Expression(compiling: expression).search(value)
    }

    /// The names of the built-in functions.
    public static var functionNames: [String] { BuiltinFunctions.names }
}
