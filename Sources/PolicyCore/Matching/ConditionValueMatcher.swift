import Foundation

/// One value of a condition clause, compiled for its operator family.
enum CompiledConditionValue: Sendable {
    case string(String)
    /// Lower-cased, for `StringEqualsIgnoreCase`.
    case folded(String)
    case pattern(WildcardPattern)
    /// A value with policy variables, resolved per request.
    case template([TemplatePart])
    case number(Double)
    case date(Double)
    case bool(Bool)
    case binary(Data)
    case ip(IPAddressRange)
    case null(Bool)
    /// A value that cannot match (an unparsable number, date, address or ARN pattern).
    case never

    /// A `PolicyTemplate` part with a lower-cased key for lookup.
    enum TemplatePart: Sendable {
        case literal(String)
        case escaped(Character)
        case variable(key: String, displayKey: String, defaultValue: String?)
    }
}

/// What a condition value is compared as, from the operator.
enum ConditionComparison: Sendable {
    case stringEquals, stringEqualsIgnoreCase, stringLike
    case numeric(NumericRelation), date(NumericRelation)
    case bool, binary, ipAddress, arnLike, null

    enum NumericRelation: Sendable { case equal, less, lessOrEqual, greater, greaterOrEqual }

    init(_ base: ConditionOperatorBase) {
        switch base {
        case .stringEquals, .stringNotEquals: self = .stringEquals
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase: self = .stringEqualsIgnoreCase
        case .stringLike, .stringNotLike: self = .stringLike
        case .numericEquals, .numericNotEquals: self = .numeric(.equal)
        case .numericLessThan: self = .numeric(.less)
        case .numericLessThanEquals: self = .numeric(.lessOrEqual)
        case .numericGreaterThan: self = .numeric(.greater)
        case .numericGreaterThanEquals: self = .numeric(.greaterOrEqual)
        case .dateEquals, .dateNotEquals: self = .date(.equal)
        case .dateLessThan: self = .date(.less)
        case .dateLessThanEquals: self = .date(.lessOrEqual)
        case .dateGreaterThan: self = .date(.greater)
        case .dateGreaterThanEquals: self = .date(.greaterOrEqual)
        case .bool: self = .bool
        case .binaryEquals: self = .binary
        case .ipAddress, .notIpAddress: self = .ipAddress
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike: self = .arnLike
        case .null: self = .null
        }
    }

    /// Compiles one policy value for this comparison.
    func compile(_ value: String, variablesEnabled: Bool) -> CompiledConditionValue {
        switch self {
        case .stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnLike:
            var parts: [PolicyTemplate.Part] = [.literal(value)]
            if variablesEnabled, case .success(let t) = PolicyTemplate.parse(value, variablesEnabled: true) { parts = t.parts }
            if parts.contains(where: { if case .literal = $0 { false } else { true } }) {
                return .template(parts.map {
                    switch $0 {
                    case .literal(let s): .literal(s)
                    case .escaped(let c): .escaped(c)
                    case .variable(let k, let d): .variable(key: k.lowercased(), displayKey: k, defaultValue: d)
                    }
                })
            }
            return compileResolved(literal: value, wildcards: true)
        case .numeric:
            return NumberValue.parse(value).map(CompiledConditionValue.number) ?? .never
        case .date:
            return DateValue.parse(value).map(CompiledConditionValue.date) ?? .never
        case .bool:
            switch value.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .never
            }
        case .binary:
            return Data(base64Encoded: value).map(CompiledConditionValue.binary) ?? .never
        case .ipAddress:
            return IPAddressRange(value).map(CompiledConditionValue.ip) ?? .never
        case .null:
            switch value.lowercased() {
            case "true": return .null(true)
            case "false": return .null(false)
            default: return .never
            }
        }
    }

    /// A string-family value once any variables are resolved. Resolved variable text is literal.
    func compileResolved(literal text: String, wildcards: Bool) -> CompiledConditionValue {
        switch self {
        case .stringEquals: return .string(text)
        case .stringEqualsIgnoreCase: return .folded(text.lowercased())
        case .stringLike:
            var t = PatternTokenizer(dialect: .plain, caseInsensitive: false)
            if wildcards { t.appendPattern(text) } else { t.appendLiteral(text) }
            return t.build().map(CompiledConditionValue.pattern) ?? .never
        case .arnLike:
            var t = PatternTokenizer(dialect: .arnCondition, caseInsensitive: false)
            if wildcards { t.appendPattern(text) } else { t.appendLiteral(text) }
            return t.build().map(CompiledConditionValue.pattern) ?? .never
        default: return .never
        }
    }

    /// Whether one context value matches one compiled policy value (the positive sense of the operator).
    /// Switches on the value alone (a `(self, value)` tuple copied the value and retained its payload).
    func matches(_ context: String, _ value: borrowing CompiledConditionValue) -> Bool {
        switch value {
        case .never:
            return false
        case .string(let s):
            guard case .stringEquals = self else { return false }
            return context == s
        case .folded(let s):
            guard case .stringEqualsIgnoreCase = self else { return false }
            return equalIgnoringCase(context, s)
        case .pattern(let p):
            switch self {
            case .stringLike, .arnLike: return p.matches(context)
            default: return false
            }
        case .number(let n):
            guard case .numeric(let r) = self, let c = Double(context) else { return false }
            return r.holds(c, n)
        case .date(let d):
            guard case .date(let r) = self, let c = DateValue.parse(context) else { return false }
            return r.holds(c, d)
        case .bool(let b):
            guard case .bool = self else { return false }
            if equalIgnoringCase(context, "true") { return b }
            if equalIgnoringCase(context, "false") { return !b }
            return false
        case .binary(let d):
            guard case .binary = self else { return false }
            return (Data(base64Encoded: context) ?? Data(context.utf8)) == d
        case .ip(let range):
            guard case .ipAddress = self, let address = IPAddress(context) else { return false }
            return range.contains(address)
        case .template, .null:
            return false
        }
    }
}

extension ConditionComparison.NumericRelation {
    @inline(__always)
    func holds(_ c: Double, _ v: Double) -> Bool {
        switch self {
        case .equal: c == v
        case .less: c < v
        case .lessOrEqual: c <= v
        case .greater: c > v
        case .greaterOrEqual: c >= v
        }
    }
}

/// Whether two texts are equal ignoring case: ASCII compared byte by byte without allocating (the
/// usual case: condition values, condition keys), anything else through Unicode lower-casing.
func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
    if a == b { return true }   // the common case, and cheap for short (inline) strings
    var ai = a.utf8.makeIterator(), bi = b.utf8.makeIterator()
    while true {
        let x = ai.next(), y = bi.next()
        if x == nil && y == nil { return true }
        guard let x, let y, x < 0x80, y < 0x80 else {
            // A non-ASCII byte, or one text ended first: lower-casing non-ASCII text can change its
            // length, so only all-ASCII texts of different lengths are unequal outright.
            if a.utf8.allSatisfy({ $0 < 0x80 }) && b.utf8.allSatisfy({ $0 < 0x80 }) { return false }
            return a.lowercased() == b.lowercased()
        }
        if asciiLower(x) != asciiLower(y) { return false }
    }
}
