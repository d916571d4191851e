/// Explains why a condition operator name was not recognised.
enum ConditionOperatorDiagnosis {
    static func message(for name: String) -> String {
        var rest = Substring(name)
        var prefix = ""
        if let colon = rest.firstIndex(of: ":") {
            let qualifier = rest[..<colon]
            if let q = SetQualifier.allCases.first(where: { $0.rawValue.lowercased() == qualifier.lowercased() }) {
                if q.rawValue != qualifier {
                    return "'\(name)' is not a condition operator; the set qualifier is case-sensitive: write '\(q.rawValue):'"
                }
                prefix = q.rawValue + ":"
            } else {
                return "'\(qualifier)' is not a set qualifier; use ForAllValues: or ForAnyValue:"
            }
            rest = rest[rest.index(after: colon)...]
        }
        var suffix = ""
        if rest.lowercased().hasSuffix("ifexists") {
            suffix = "IfExists"
            rest = rest.dropLast("IfExists".count)
        }
        if let base = ConditionOperatorBase.allCases.first(where: { $0.rawValue.lowercased() == rest.lowercased() }) {
            return "'\(name)' is not a condition operator; operator names are case-sensitive: write '\(prefix)\(base.rawValue)\(suffix)'"
        }
        return "'\(name)' is not a condition operator (for example StringEquals, StringLike, ArnLike, IpAddress, Bool, NumericLessThan, DateGreaterThan, Null)"
    }
}

extension ConditionOperator {
    /// Every valid operator, in a fixed order: each base alone, then with each set qualifier, each
    /// without and with IfExists. Built from the parts, not by parsing names
    /// (`ConditionOperatorBase(rawValue:)` compares a name with every base in turn): these tables are
    /// part of every parse's start-up through `PolicyVocabulary`, even of an ECR API answer.
    static let all: [ConditionOperator] = {
        var operators: [ConditionOperator] = []
        for base in ConditionOperatorBase.allCases {
            for qualifier in [nil] + SetQualifier.allCases.map(Optional.some) {
                for ifExists in [false, true] where ConditionOperator.allows(base, ifExists: ifExists) {
                    operators.append(ConditionOperator(base: base, ifExists: ifExists, setQualifier: qualifier))
                }
            }
        }
        return operators
    }()

    /// Every valid operator by its name, for a hash lookup instead of parsing each name as text.
    static let known: [String: ConditionOperator] = {
        var table: [String: ConditionOperator] = [:]
        for op in all { table[op.description] = op }
        return table
    }()
}
