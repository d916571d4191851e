/// A function argument: a value, or an expression reference (`&expr`) for the functions that take one.
enum FunctionArgument: Sendable {
    case value(JMESValue)
    case expression(Node)

    /// The JMESPath type name, with "expref" for an expression reference.
    var typeName: String {
        switch self {
        case .value(let v): v.typeName
        case .expression: "expref"
        }
    }
}

/// The types a function parameter accepts, as jmespath.py checks them: the argument's own type,
/// and for `array-number`/`array-string` the type of every element (when both are allowed, the
/// first element decides which).
enum ParameterType: String, Sendable {
    case number, string, array, object, expref
    case arrayOfNumbers = "array-number", arrayOfStrings = "array-string"

    var outerTypeName: String {
        switch self {
        case .arrayOfNumbers, .arrayOfStrings: "array"
        default: rawValue
        }
    }

    var elementTypeName: String? {
        switch self {
        case .arrayOfNumbers: "number"
        case .arrayOfStrings: "string"
        default: nil
        }
    }
}

struct FunctionSignature: Sendable {
    /// Allowed types per parameter; an empty list accepts anything.
    var parameters: [[ParameterType]]
    /// The last parameter repeats (one or more times).
    var isVariadic = false

    init(_ parameters: [ParameterType]..., variadic: Bool = false) {
        self.parameters = parameters
        self.isVariadic = variadic
    }

    func check(_ arguments: [FunctionArgument], function name: String) throws {
        if isVariadic ? arguments.count < parameters.count : arguments.count != parameters.count {
            let expected = isVariadic ? "at least \(parameters.count)" : "\(parameters.count)"
            throw JMESPathError(.invalidArity, "\(name)() takes \(expected) argument\(parameters.count == 1 ? "" : "s"), got \(arguments.count)")
        }
        // As in jmespath.py, a variadic function's extra arguments are left to the function.
        for (position, allowed) in parameters.enumerated() where !allowed.isEmpty {
            try check(arguments[position], allowed, position: position + 1, function: name)
        }
    }

    private func check(_ argument: FunctionArgument, _ allowed: [ParameterType], position: Int, function name: String) throws {
        func mismatch(_ found: String) -> JMESPathError {
            let expected = allowed.map { $0.rawValue }.joined(separator: " or ")
            return JMESPathError(.invalidType, "\(name)() argument \(position) must be \(expected), got \(found)")
        }
        guard allowed.contains(where: { $0.outerTypeName == argument.typeName }) else {
            throw mismatch(describe(argument))
        }
        let elementTypes = allowed.compactMap(\.elementTypeName)
        guard !elementTypes.isEmpty, case .value(.array(let elements)) = argument, let first = elements.first else { return }
        let required = elementTypes.count == 1 ? elementTypes[0] : first.typeName
        guard elementTypes.contains(required) else { throw mismatch("an array whose first element is \(describe(.value(first)))") }
        if let wrong = elements.first(where: { $0.typeName != required }) {
            throw mismatch("an array of \(required)s containing \(describe(.value(wrong)))")
        }
    }
}

/// A value as error messages show it: its type and (shortened) JSON text.
func describe(_ argument: FunctionArgument) -> String {
    guard case .value(let value) = argument else { return "an expression reference" }
    var text = JSONWriter(asciiOnly: false).text(value)
    if text.unicodeScalars.count > 60 { text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(57))) + "..." }
    return "\(value.typeName) \(text)"
}
