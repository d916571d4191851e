import Foundation

/// The functions of the JMESPath specification, with jmespath.py 1.1.0's results (integer vs float
/// results as Python computes them: `ceil`/`floor` give integers, `avg` a float, `sum` of integers
/// an integer).
enum BuiltinFunctions {
    typealias Implementation = @Sendable ([FunctionArgument], Interpreter) throws -> JMESValue

    struct Function: Sendable {
        var signature: FunctionSignature
        var implementation: Implementation
    }

    static func call(_ name: String, _ arguments: [FunctionArgument], interpreter: Interpreter) throws -> JMESValue {
        guard let function = table[name] else {
            throw JMESPathError(.unknownFunction, "there is no function named \(name)()")
        }
        try function.signature.check(arguments, function: name)
        return try function.implementation(arguments, interpreter)
    }

    static var names: [String] { table.keys.sorted() }

    private static let table: [String: Function] = [
        "abs": Function(signature: .init([.number])) { args, _ in .number(try absolute(number(args[0]))) },
        "avg": Function(signature: .init([.arrayOfNumbers])) { args, _ in
            let numbers = array(args[0])
            guard !numbers.isEmpty else { return .null }
            return .double(sum(numbers).doubleValue / Double(numbers.count))
        },
        "ceil": Function(signature: .init([.number])) { args, _ in try rounded(number(args[0]), .up) },
        "floor": Function(signature: .init([.number])) { args, _ in try rounded(number(args[0]), .down) },
        "contains": Function(signature: .init([.array, .string], [])) { args, _ in try contains(args[0], args[1]) },
        "ends_with": Function(signature: .init([.string], [.string])) { args, _ in
            .bool(string(args[0]).unicodeScalars.reversed().starts(with: string(args[1]).unicodeScalars.reversed()))
        },
        "starts_with": Function(signature: .init([.string], [.string])) { args, _ in
            .bool(string(args[0]).unicodeScalars.starts(with: string(args[1]).unicodeScalars))
        },
        "join": Function(signature: .init([.string], [.arrayOfStrings])) { args, _ in
            .string(array(args[1]).map { if case .string(let s) = $0 { s } else { "" } }.joined(separator: string(args[0])))
        },
        "keys": Function(signature: .init([.object])) { args, _ in .array(object(args[0]).keys.map { .string($0) }) },
        "values": Function(signature: .init([.object])) { args, _ in .array(object(args[0]).values) },
        "length": Function(signature: .init([.string, .array, .object])) { args, _ in
            switch args[0] {
            case .value(.string(let s)): .int(s.unicodeScalars.count)
            case .value(.array(let a)): .int(a.count)
            case .value(.object(let o)): .int(o.count)
            default: .null
            }
        },
        "map": Function(signature: .init([.expref], [.array])) { args, interpreter in
            let expression = reference(args[0])
            return .array(try array(args[1]).map { try interpreter.evaluate(expression, $0) })
        },
        "max": Function(signature: .init([.arrayOfNumbers, .arrayOfStrings])) { args, _ in
            try extreme(array(args[0]), keys: array(args[0]), largest: true, function: "max")
        },
        "min": Function(signature: .init([.arrayOfNumbers, .arrayOfStrings])) { args, _ in
            try extreme(array(args[0]), keys: array(args[0]), largest: false, function: "min")
        },
        "max_by": Function(signature: .init([.array], [.expref])) { args, interpreter in
            try extremeBy(args, interpreter, largest: true, function: "max_by")
        },
        "min_by": Function(signature: .init([.array], [.expref])) { args, interpreter in
            try extremeBy(args, interpreter, largest: false, function: "min_by")
        },
        // Only the first argument is type-checked (as in jmespath.py); see `mergeArgument`.
        "merge": Function(signature: .init([.object], variadic: true)) { args, _ in
            var merged = JMESObject()
            for argument in args { try mergeArgument(argument, into: &merged) }
            return .object(merged)
        },
        "not_null": Function(signature: .init([], variadic: true)) { args, _ in
            for argument in args {
                let value = try plainValue(argument, function: "not_null")
                if value != .null { return value }
            }
            return .null
        },
        "reverse": Function(signature: .init([.array, .string])) { args, _ in
            switch args[0] {
            case .value(.string(let s)): .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed())))
            default: .array(array(args[0]).reversed())
            }
        },
        "sort": Function(signature: .init([.arrayOfStrings, .arrayOfNumbers])) { args, _ in
            .array(try stableSorted(array(args[0]), keys: array(args[0])))
        },
        "sort_by": Function(signature: .init([.array], [.expref])) { args, interpreter in try sortBy(args, interpreter) },
        "sum": Function(signature: .init([.arrayOfNumbers])) { args, _ in .number(sum(array(args[0]))) },
        "to_array": Function(signature: .init([])) { args, _ in
            let value = try plainValue(args[0], function: "to_array")
            if case .array = value { return value }
            return .array([value])
        },
        "to_string": Function(signature: .init([])) { args, _ in
            let value = try plainValue(args[0], function: "to_string")
            if case .string = value { return value }
            return .string(JSONWriter(asciiOnly: true).text(value))
        },
        "to_number": Function(signature: .init([])) { args, _ in
            switch try plainValue(args[0], function: "to_number") {
            case .number(let n): .number(n)
            case .string(let s): PythonNumberText.parse(s).map { .number($0) } ?? .null
            default: .null
            }
        },
        "type": Function(signature: .init([])) { args, _ in
            // jmespath.py answers null for an expression reference (its type() knows no "expref").
            guard case .value(let value) = args[0] else { return .null }
            return .string(value.typeName)
        },
    ]

    // MARK: Argument access (types were checked by the signature)

    static func number(_ argument: FunctionArgument) -> JMESNumber {
        if case .value(.number(let n)) = argument { return n }
        return .int(0)
    }

    static func string(_ argument: FunctionArgument) -> String {
        if case .value(.string(let s)) = argument { return s }
        return ""
    }

    static func array(_ argument: FunctionArgument) -> [JMESValue] {
        if case .value(.array(let a)) = argument { return a }
        return []
    }

    static func object(_ argument: FunctionArgument) -> JMESObject {
        if case .value(.object(let o)) = argument { return o }
        return JMESObject()
    }

    static func reference(_ argument: FunctionArgument) -> Node {
        if case .expression(let node) = argument { return node }
        return .current
    }

    /// For the functions that accept anything: an expression reference is not a value to convert.
    static func plainValue(_ argument: FunctionArgument, function: String) throws -> JMESValue {
        guard case .value(let value) = argument else {
            throw JMESPathError(.invalidType, "\(function)() cannot take an expression reference (&…)")
        }
        return value
    }
}
