/// A JSON value as JMESPath sees it. Numbers keep the integer/float distinction Python's `json`
/// makes (`1` is an integer, `1.0` and `1e2` are floats), so results print as the AWS CLI prints
/// them; objects keep their keys in the order they were read or built.
///
/// `==` is JSON equality: numbers compare by value (`1 == 1.0`), objects ignore key order, strings
/// compare by Unicode scalars (no canonical equivalence, as in Python). The language's own `==`
/// has Python's quirks and lives in `Comparison.swift`.
public enum JMESValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JMESNumber)
    case string(String)
    case array([JMESValue])
    case object(JMESObject)

    public static func int(_ value: Int) -> JMESValue { .number(.int(value)) }
    public static func double(_ value: Double) -> JMESValue { .number(.double(value)) }

    /// The JMESPath type name (`type()`): null, boolean, number, string, array or object.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// JMESPath truthiness: false, null, "", [] and {} are false; everything else (0 too) is true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .number: true
        case .string(let s): !s.isEmpty
        case .array(let a): !a.isEmpty
        case .object(let o): !o.isEmpty
        }
    }

    public static func == (a: JMESValue, b: JMESValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x == y
        default: false
        }
    }

    /// Structural equality that also tells integers from floats (`1` is not identical to `1.0`):
    /// what tests use, since the two print differently.
    public func isIdentical(to other: JMESValue) -> Bool {
        switch (self, other) {
        case (.number(.int(let x)), .number(.int(let y))): x == y
        case (.number(.double(let x)), .number(.double(let y))): x == y || (x.isNaN && y.isNaN)
        case (.number, .number): false
        case (.array(let x), .array(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.isIdentical(to: $1) }
        case (.object(let x), .object(let y)):
            x.count == y.count && x.allSatisfy { entry in y[entry.key].map { $0.isIdentical(to: entry.value) } ?? false }
        default: self == other
        }
    }
}

/// A JSON number: an integer (what Python's `json` reads from digits without `.` or exponent) or a
/// float. Integers beyond 64 bits are read as floats.
public enum JMESNumber: Sendable, Equatable, Comparable {
    case int(Int)
    case double(Double)

    public var doubleValue: Double {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        }
    }

    public static func == (a: JMESNumber, b: JMESNumber) -> Bool {
        if case .int(let x) = a, case .int(let y) = b { return x == y }
        return a.doubleValue == b.doubleValue
    }

    public static func < (a: JMESNumber, b: JMESNumber) -> Bool {
        if case .int(let x) = a, case .int(let y) = b { return x < y }
        return a.doubleValue < b.doubleValue
    }

    /// Python's `a + b` for JSON numbers: integers stay integers (falling back to a float on
    /// overflow, where Python would grow the integer), anything with a float is a float.
    static func + (a: JMESNumber, b: JMESNumber) -> JMESNumber {
        if case .int(let x) = a, case .int(let y) = b {
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? .double(Double(x) + Double(y)) : .int(sum)
        }
        return .double(a.doubleValue + b.doubleValue)
    }
}
