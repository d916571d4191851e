extension JMESValue {
    /// The language's `==`, as jmespath.py computes it with Python's `==`: numbers by value, strings
    /// by code point, arrays in order, objects regardless of key order. Python counts `true` as 1
    /// and `false` as 0; jmespath.py undoes that for the two compared values themselves
    /// (`true == 1` is false) but not inside arrays and objects (`[true] == [1]` is true), and
    /// `contains()` compares elements the inner way. `topLevel` picks the rule.
    func pythonEquals(_ other: JMESValue, topLevel: Bool) -> Bool {
        switch (self, other) {
        case (.bool(let b), .number(let n)), (.number(let n), .bool(let b)):
            return !topLevel && n == .int(b ? 1 : 0)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.pythonEquals($1, topLevel: false) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { entry in
                y[entry.key].map { entry.value.pythonEquals($0, topLevel: false) } ?? false
            }
        default:
            return self == other
        }
    }
}
