/// Evaluates a compiled expression against a value, with jmespath.py 1.1.0's semantics.
struct Interpreter: Sendable {
    func evaluate(_ node: Node, _ value: JMESValue) throws -> JMESValue {
        switch node {
        case .current: return value
        case .field(let name):
            guard case .object(let object) = value else { return .null }
            return object[name] ?? .null
        case .subexpression(let left, let right), .indexExpression(let left, let right), .pipe(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .index(let i): return index(i, of: value)
        case .slice(let start, let stop, let step):
            guard case .array(let array) = value else { return .null }
            return .array(try Slice(start: start, stop: stop, step: step).apply(to: array))
        case .projection(let left, let right):
            guard case .array(let array) = try evaluate(left, value) else { return .null }
            return try project(array, right)
        case .valueProjection(let left, let right):
            guard case .object(let object) = try evaluate(left, value) else { return .null }
            return try project(object.values, right)
        case .filterProjection(let left, let right, let condition):
            guard case .array(let array) = try evaluate(left, value) else { return .null }
            return try project(try array.filter { try evaluate(condition, $0).isTruthy }, right)
        case .flatten(let inner):
            guard case .array(let array) = try evaluate(inner, value) else { return .null }
            return .array(array.flatMap { element -> [JMESValue] in
                if case .array(let nested) = element { return nested }
                return [element]
            })
        case .or(let left, let right):
            let result = try evaluate(left, value)
            return result.isTruthy ? result : try evaluate(right, value)
        case .and(let left, let right):
            let result = try evaluate(left, value)
            return result.isTruthy ? try evaluate(right, value) : result
        case .not(let inner): return .bool(!(try evaluate(inner, value)).isTruthy)
        case .comparison(let comparator, let left, let right):
            return try compare(comparator, try evaluate(left, value), try evaluate(right, value))
        case .literal(let literal): return literal
        case .multiSelectList(let elements):
            if case .null = value { return .null }
            return .array(try elements.map { try evaluate($0, value) })
        case .multiSelectHash(let pairs):
            if case .null = value { return .null }
            var object = JMESObject()
            for pair in pairs { object[pair.key] = try evaluate(pair.node, value) }
            return .object(object)
        case .function(let name, let arguments, let offset):
            return try call(name, arguments, offset: offset, on: value)
        case .expressionReference:
            throw JMESPathError(.invalidType, "an expression reference (&…) can only be a function's argument")
        }
    }

    /// Arguments are evaluated first (an `&expression` argument is passed unevaluated); errors from
    /// the function point at its name.
    private func call(_ name: String, _ arguments: [Node], offset: Int, on value: JMESValue) throws -> JMESValue {
        do {
            let values = try arguments.map { argument -> FunctionArgument in
                if case .expressionReference(let expression) = argument { return .expression(expression) }
                return .value(try evaluate(argument, value))
            }
            return try BuiltinFunctions.call(name, values, interpreter: self)
        } catch var error as JMESPathError {
            if error.offset == nil { error.offset = offset }
            throw error
        }
    }

    private func project(_ elements: [JMESValue], _ right: Node) throws -> JMESValue {
        var collected: [JMESValue] = []
        collected.reserveCapacity(elements.count)
        for element in elements {
            let result = try evaluate(right, element)
            if case .null = result { continue }
            collected.append(result)
        }
        return .array(collected)
    }

    private func index(_ i: Int, of value: JMESValue) -> JMESValue {
        guard case .array(let array) = value else { return .null }
        let position = i < 0 ? array.count + i : i
        return array.indices.contains(position) ? array[position] : .null
    }

    /// `==`/`!=` on any values (Python's equality, see `pythonEquals`); ordering only between two
    /// numbers or two strings (code point order; jmespath.py orders strings though the
    /// specification says null), null for anything else. A number against a string is an error,
    /// as it is in jmespath.py.
    private func compare(_ comparator: Comparator, _ a: JMESValue, _ b: JMESValue) throws -> JMESValue {
        switch comparator {
        case .equal: return .bool(a.pythonEquals(b, topLevel: true))
        case .notEqual: return .bool(!a.pythonEquals(b, topLevel: true))
        default: break
        }
        let ordering: Bool
        switch (a, b) {
        case (.number(let x), .number(let y)): ordering = Self.order(comparator, x < y, x == y)
        case (.string(let x), .string(let y)): ordering = Self.order(comparator, x.precedesByCodePoint(y), x.utf8.elementsEqual(y.utf8))
        case (.number, .string), (.string, .number):
            throw JMESPathError(.invalidType, "cannot order a \(a.typeName) against a \(b.typeName) with \(comparator.rawValue)")
        default: return .null
        }
        return .bool(ordering)
    }

    private static func order(_ comparator: Comparator, _ less: Bool, _ equal: Bool) -> Bool {
        switch comparator {
        case .less: less
        case .lessOrEqual: less || equal
        case .greater: !less && !equal
        case .greaterOrEqual: !less
        case .equal: equal
        case .notEqual: !equal
        }
    }
}

/// A slice `[start:stop:step]` with Python's rules: negative bounds count from the end, bounds are
/// clamped, a negative step walks backwards, a step of 0 is an error.
struct Slice: Sendable {
    var start: Int?
    var stop: Int?
    var step: Int?

    func apply(to array: [JMESValue]) throws -> [JMESValue] {
        let step = step ?? 1
        guard step != 0 else { throw JMESPathError(.invalidValue, "a slice step cannot be 0") }
        let count = array.count
        let lower = step < 0 ? -1 : 0
        let upper = step < 0 ? count - 1 : count
        func bound(_ value: Int?, default fallback: Int) -> Int {
            guard let value else { return fallback }
            if value < 0 { return max(value < Int.min / 2 ? lower : value + count, lower) }
            return min(value, upper)
        }
        var i = bound(start, default: step < 0 ? upper : lower)
        let end = bound(stop, default: step < 0 ? lower : upper)
        var result: [JMESValue] = []
        while step > 0 ? i < end : i > end {
            result.append(array[i])
            let (next, overflow) = i.addingReportingOverflow(step)
            if overflow { break }
            i = next
        }
        return result
    }
}
