/// The `Condition` element: operators, each with keys, each with values. All clauses must hold.
public struct ConditionBlock: Sendable, Equatable {
    public var clauses: [ConditionClause]
    public var span: SourceSpan

    public init(clauses: [ConditionClause], span: SourceSpan) {
        self.clauses = clauses
        self.span = span
    }
}

/// One key under one operator, e.g. `"StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]}` gives
/// one clause with key `aws:PrincipalOrgID` and two values.
public struct ConditionClause: Sendable, Equatable {
    public var op: Located<ConditionOperator>
    public var key: Located<String>
    public var values: [Located<ConditionValue>]
    /// Span of the key's value (string or array).
    public var valuesSpan: SourceSpan

    public init(op: Located<ConditionOperator>, key: Located<String>, values: [Located<ConditionValue>], valuesSpan: SourceSpan) {
        self.op = op
        self.key = key
        self.values = values
        self.valuesSpan = valuesSpan
    }
}

/// A condition value as written. JSON numbers and booleans are allowed and keep their literal text.
public struct ConditionValue: Sendable, Equatable, Hashable {
    public enum JSONType: String, Sendable, Hashable { case string, number, bool }
    public var text: String
    public var jsonType: JSONType

    public init(text: String, jsonType: JSONType) {
        self.text = text
        self.jsonType = jsonType
    }
}

/// A condition operator: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`.
public struct ConditionOperator: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var base: ConditionOperatorBase
    public var ifExists: Bool
    public var setQualifier: SetQualifier?

    public init(base: ConditionOperatorBase, ifExists: Bool = false, setQualifier: SetQualifier? = nil) {
        self.base = base
        self.ifExists = ifExists
        self.setQualifier = setQualifier
    }

    /// Parses an operator name; nil when the base is unknown or the suffix/qualifier is misplaced.
    /// Operator names are case-sensitive in IAM.
    public init?(name: String) {
        var rest = Substring(name)
        var qualifier: SetQualifier?
        for q in SetQualifier.allCases where rest.hasPrefix(q.rawValue + ":") {
            qualifier = q
            rest = rest.dropFirst(q.rawValue.count + 1)
        }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = ConditionOperatorBase(rawValue: String(rest)), Self.allows(base, ifExists: ifExists) else { return nil }
        self.init(base: base, ifExists: ifExists, setQualifier: qualifier)
    }

    /// `Null` takes no IfExists suffix; every other base takes it.
    static func allows(_ base: ConditionOperatorBase, ifExists: Bool) -> Bool { !(base == .null && ifExists) }

    public var description: String {
        (setQualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }

    /// Negated operators (`StringNotEquals`, `NotIpAddress`, …) match when no value matches.
    public var isNegated: Bool { base.isNegated }
}

public enum SetQualifier: String, Sendable, CaseIterable, Hashable {
    case forAllValues = "ForAllValues"
    case forAnyValue = "ForAnyValue"
}

public enum ConditionOperatorFamily: String, Sendable, Hashable {
    case string, numeric, date, bool, binary, ipAddress, arn, null
}

public enum ConditionOperatorBase: String, Sendable, CaseIterable, Hashable {
    case stringEquals = "StringEquals"
    case stringNotEquals = "StringNotEquals"
    case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
    case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
    case stringLike = "StringLike"
    case stringNotLike = "StringNotLike"
    case numericEquals = "NumericEquals"
    case numericNotEquals = "NumericNotEquals"
    case numericLessThan = "NumericLessThan"
    case numericLessThanEquals = "NumericLessThanEquals"
    case numericGreaterThan = "NumericGreaterThan"
    case numericGreaterThanEquals = "NumericGreaterThanEquals"
    case dateEquals = "DateEquals"
    case dateNotEquals = "DateNotEquals"
    case dateLessThan = "DateLessThan"
    case dateLessThanEquals = "DateLessThanEquals"
    case dateGreaterThan = "DateGreaterThan"
    case dateGreaterThanEquals = "DateGreaterThanEquals"
    case bool = "Bool"
    case binaryEquals = "BinaryEquals"
    case ipAddress = "IpAddress"
    case notIpAddress = "NotIpAddress"
    case arnEquals = "ArnEquals"
    case arnLike = "ArnLike"
    case arnNotEquals = "ArnNotEquals"
    case arnNotLike = "ArnNotLike"
    case null = "Null"

    public var family: ConditionOperatorFamily {
        switch self {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase, .stringLike, .stringNotLike: .string
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals, .numericGreaterThan, .numericGreaterThanEquals: .numeric
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals: .date
        case .bool: .bool
        case .binaryEquals: .binary
        case .ipAddress, .notIpAddress: .ipAddress
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: .arn
        case .null: .null
        }
    }

    public var isNegated: Bool {
        switch self {
        case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals, .dateNotEquals, .notIpAddress, .arnNotEquals, .arnNotLike: true
        default: false
        }
    }

    /// Operators whose values may hold `*`/`?` wildcards.
    public var allowsWildcards: Bool {
        switch self {
        case .stringLike, .stringNotLike, .arnLike, .arnNotLike, .arnEquals, .arnNotEquals: true
        default: false
        }
    }

    /// Operators whose values may hold policy variables (string and ARN operators).
    public var allowsPolicyVariables: Bool { family == .string || family == .arn }
}
