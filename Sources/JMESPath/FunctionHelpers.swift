/// The arithmetic, ordering and sorting the built-in functions share.
extension BuiltinFunctions {
    /// Python's `sum()`: left to right from the integer 0.
    static func sum(_ numbers: [JMESValue]) -> JMESNumber {
        numbers.reduce(JMESNumber.int(0)) { total, element in
            if case .number(let n) = element { return total + n }
            return total
        }
    }

    static func absolute(_ n: JMESNumber) throws -> JMESNumber {
        switch n {
        case .int(let i): i == Int.min ? .double(-Double(i)) : .int(abs(i))
        case .double(let d): .double(abs(d))
        }
    }

    /// Python's `math.ceil`/`math.floor`: an integer (a float only beyond 64 bits).
    static func rounded(_ n: JMESNumber, _ rule: FloatingPointRoundingRule) throws -> JMESValue {
        guard case .double(let d) = n else { return .number(n) }
        guard d.isFinite else {
            throw JMESPathError(.invalidValue, "cannot round \(JMESNumber.pythonFloatRepr(d)) to an integer")
        }
        let r = d.rounded(rule)
        if let exact = Int(exactly: r) { return .int(exact) }
        return .double(r)
    }

    /// `contains(array, x)` compares elements with Python's `in`; `contains(string, x)` needs a string.
    static func contains(_ subject: FunctionArgument, _ search: FunctionArgument) throws -> JMESValue {
        guard case .value(let needle) = search else {
            throw JMESPathError(.invalidType, "contains() cannot search for an expression reference (&…)")
        }
        switch subject {
        case .value(.array(let elements)):
            return .bool(elements.contains { $0.pythonEquals(needle, topLevel: false) })
        case .value(.string(let haystack)):
            guard case .string(let s) = needle else {
                throw JMESPathError(.invalidType, "contains() on a string needs a string to search for, got \(describe(search))")
            }
            return .bool(s.isEmpty || haystack.utf8.firstRange(of: s.utf8) != nil)
        default:
            return .bool(false)
        }
    }

    /// One argument of `merge()`. jmespath.py type-checks only the first and hands the others to
    /// Python's `dict.update`, which also takes a list of key/value pairs (`[["k", 1]]`, or
    /// two-character strings `["kv"]`); that is followed for string keys. Keys of other types, which
    /// Python would keep as non-string keys, are an error here.
    static func mergeArgument(_ argument: FunctionArgument, into merged: inout JMESObject) throws {
        func invalid() -> JMESPathError {
            JMESPathError(.invalidType, "merge() arguments must be objects, got \(describe(argument))")
        }
        switch argument {
        case .value(.object(let object)):
            for entry in object { merged[entry.key] = entry.value }
        case .value(.string(let s)) where s.isEmpty:
            break
        case .value(.array(let pairs)):
            for pair in pairs {
                switch pair {
                case .array(let kv) where kv.count == 2:
                    guard case .string(let key) = kv[0] else { throw invalid() }
                    merged[key] = kv[1]
                case .string(let s) where s.unicodeScalars.count == 2:
                    let scalars = Array(s.unicodeScalars)
                    merged[String(scalars[0])] = .string(String(scalars[1]))
                default: throw invalid()
                }
            }
        default: throw invalid()
        }
    }

    /// The order of two sort keys, both numbers or both strings (Python raises on anything else).
    static func precedes(_ a: JMESValue, _ b: JMESValue, function: String) throws -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.string(let x), .string(let y)): return x.precedesByCodePoint(y)
        default:
            throw JMESPathError(.invalidType, "\(function)() cannot order \(describe(.value(a))) against \(describe(.value(b)))")
        }
    }

    /// Python's `max`/`min`: the first element whose key is largest (smallest); null when empty.
    static func extreme(_ elements: [JMESValue], keys: [JMESValue], largest: Bool, function: String) throws -> JMESValue {
        guard var best = elements.indices.first else { return .null }
        for i in elements.indices.dropFirst() {
            let better = largest ? try precedes(keys[best], keys[i], function: function)
                                 : try precedes(keys[i], keys[best], function: function)
            if better { best = i }
        }
        return elements[best]
    }

    static func extremeBy(_ args: [FunctionArgument], _ interpreter: Interpreter, largest: Bool, function: String) throws -> JMESValue {
        let elements = array(args[0])
        let keys = try sortKeys(elements, args[1], interpreter, allowed: ["number", "string"], function: function)
        return try extreme(elements, keys: keys, largest: largest, function: function)
    }

    /// `sort_by`: the first element's key decides whether keys are numbers or strings; every key
    /// must then be of that type. Stable, as Python's `sorted`.
    static func sortBy(_ args: [FunctionArgument], _ interpreter: Interpreter) throws -> JMESValue {
        let elements = array(args[0])
        guard let first = elements.first else { return .array(elements) }
        let firstKey = try interpreter.evaluate(reference(args[1]), first)
        guard firstKey.typeName == "number" || firstKey.typeName == "string" else {
            throw JMESPathError(.invalidType, "sort_by() keys must be numbers or strings, got \(describe(.value(firstKey)))")
        }
        let keys = try sortKeys(elements, args[1], interpreter, allowed: [firstKey.typeName], function: "sort_by")
        return .array(try stableSorted(elements, keys: keys))
    }

    private static func sortKeys(_ elements: [JMESValue], _ expression: FunctionArgument, _ interpreter: Interpreter,
                                 allowed: [String], function: String) throws -> [JMESValue] {
        try elements.map { element in
            let key = try interpreter.evaluate(reference(expression), element)
            guard allowed.contains(key.typeName) else {
                throw JMESPathError(.invalidType, "\(function)() keys must be \(allowed.joined(separator: " or ")), got \(describe(.value(key)))")
            }
            return key
        }
    }

    /// Sorts elements by their keys, keeping equal keys in their original order.
    static func stableSorted(_ elements: [JMESValue], keys: [JMESValue]) throws -> [JMESValue] {
        var failure: Error?
        let order = elements.indices.sorted { i, j in
            do {
                if try precedes(keys[i], keys[j], function: "sort") { return true }
                if try precedes(keys[j], keys[i], function: "sort") { return false }
            } catch { failure = failure ?? error }
            return i < j
        }
        if let failure { throw failure }
        return order.map { elements[$0] }
    }
}
