/// One condition clause (`operator` × `key` × values), compiled once.
///
/// Semantics (IAM User Guide, "Condition element", "Multivalued context keys"):
/// - several values for one key are ORed; for negated operators the result is the NOR;
/// - a missing key fails a positive operator and satisfies a negated one and any `...IfExists`;
/// - a single-valued operator applied to a multi-valued key (two or more values) does not match;
/// - `ForAllValues:` holds for a missing or empty key, `ForAnyValue:` does not;
/// - a value whose policy variable cannot be resolved (missing key, no default, or a
///   multi-valued key) never matches.
final class ConditionMatcher: Sendable {
    let op: ConditionOperator
    /// Lower-cased context key.
    let key: String
    /// Its fingerprint, for the context table lookup.
    let keyPrint: TextFingerprint
    /// The key as written.
    let displayKey: String
    let comparison: ConditionComparison
    let values: [CompiledConditionValue]
    /// Whether a value holds policy variables (resolved per request).
    let hasTemplates: Bool
    let rawValues: [String]
    /// What the clause asks of a key the request lacks, for explanations; built once, since a
    /// request without the key meets it on every evaluation.
    private let gap: ContextGap

    init(_ clause: ConditionClause, variablesEnabled: Bool) {
        op = clause.op.value
        displayKey = clause.key.value
        key = clause.key.value.lowercased()
        keyPrint = TextFingerprint(key)
        let comparison = ConditionComparison(clause.op.value.base)
        self.comparison = comparison
        rawValues = clause.values.map(\.value.text)
        let variables = variablesEnabled && clause.op.value.base.allowsPolicyVariables
        values = clause.values.map { comparison.compile($0.value.text, variablesEnabled: variables) }
        hasTemplates = values.contains { if case .template = $0 { true } else { false } }
        gap = ContextGap(key: displayKey, requirement: "\(op) \(displayKey) " + (rawValues.count == 1 ? rawValues[0] : "[" + rawValues.joined(separator: ", ") + "]"))
    }

    /// Whether the clause holds for the request. Keys the request lacks (the clause key, or a
    /// variable's key) are appended to `missing` in their written spelling.
    func evaluate(_ request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        let context = request.contextValue(lowercasedKey: key, keyPrint: keyPrint)
        if comparison == .null { return evaluateNull(context, missing: &missing) }
        let negated = op.isNegated
        switch op.setQualifier {
        case nil:
            guard let context else {
                if !op.ifExists { missing.append(gap) }
                return op.ifExists || negated
            }
            let single: String
            switch context {
            case .single(let v): single = v
            case .multiple(let vs):
                guard vs.count == 1 else { return false }
                single = vs[0]
            }
            let any = matchesAny(single, request, missing: &missing)
            return negated ? !any : any
        case .forAnyValue?:
            guard let context, !context.values.isEmpty else {
                if !op.ifExists { missing.append(gap) }
                return op.ifExists
            }
            for v in context.values where matchesAny(v, request, missing: &missing) != negated { return true }
            return false
        case .forAllValues?:
            guard let context else { return true }
            for v in context.values where matchesAny(v, request, missing: &missing) == negated { return false }
            return true
        }
    }

    private func evaluateNull(_ context: ContextValue?, missing: inout [ContextGap]) -> Bool {
        let present: Bool = switch context {
        case nil: false
        case .single: true
        case .multiple(let vs): !vs.isEmpty
        }
        var result = false
        for case .null(let wantsAbsent) in values where wantsAbsent != present { result = true }
        if !present && !result { missing.append(gap) }
        return result
    }


    /// Whether one context value matches any policy value (positive sense).
    /// Values are read in place (no enum copy per value); templates are looked for only in clauses that have them.
    @inline(__always)
    private func matchesAny(_ context: String, _ request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        values.withUnsafeBufferPointer { buffer in
            for i in buffer.indices {
                if hasTemplates, case .template(let parts) = buffer[i] {
                    guard let resolved = resolve(parts, request, missing: &missing) else { continue }
                    if comparison.matches(context, resolved) { return true }
                } else if comparison.matches(context, buffer[i]) {
                    return true
                }
            }
            return false
        }
    }

    private func resolve(_ parts: [CompiledConditionValue.TemplatePart], _ request: AccessRequest, missing: inout [ContextGap]) -> CompiledConditionValue? {
        switch comparison {
        case .stringLike, .arnLike:
            var t = PatternTokenizer(dialect: comparison == .arnLike ? .arnCondition : .plain, caseInsensitive: false)
            for part in parts {
                switch part {
                case .literal(let s): t.appendPattern(s)
                case .escaped(let c): t.appendLiteral(String(c))
                case .variable(let k, let display, let d):
                    guard let v = resolveVariable(k, display, d, request, missing: &missing) else { return nil }
                    t.appendLiteral(v)
                }
            }
            return t.build().map(CompiledConditionValue.pattern) ?? .never
        default:
            var text = ""
            for part in parts {
                switch part {
                case .literal(let s): text += s
                case .escaped(let c): text.append(c)
                case .variable(let k, let display, let d):
                    guard let v = resolveVariable(k, display, d, request, missing: &missing) else { return nil }
                    text += v
                }
            }
            return comparison.compileResolved(literal: text, wildcards: false)
        }
    }
}

/// The value of `${key}` / `${key, 'default'}` for a request; nil when it cannot be resolved.
func resolveVariable(_ key: String, _ displayKey: String, _ defaultValue: String?, _ request: AccessRequest, missing: inout [ContextGap]) -> String? {
    switch request.contextValue(lowercasedKey: key) {
    case .single(let v)?: return v
    case .multiple(let vs)? where vs.count == 1: return vs[0]
    case .multiple?: return defaultValue
    case nil:
        if defaultValue == nil { missing.append(ContextGap(key: displayKey, requirement: "policy variable ${" + displayKey + "}")) }
        return defaultValue
    }
}

extension ConditionComparison: Equatable {
    static func == (a: ConditionComparison, b: ConditionComparison) -> Bool {
        switch (a, b) {
        case (.stringEquals, .stringEquals), (.stringEqualsIgnoreCase, .stringEqualsIgnoreCase), (.stringLike, .stringLike),
             (.bool, .bool), (.binary, .binary), (.ipAddress, .ipAddress), (.arnLike, .arnLike), (.null, .null): true
        case (.numeric(let x), .numeric(let y)), (.date(let x), .date(let y)): x == y
        default: false
        }
    }
}

/// A context key a condition needed but the request did not carry, and what the condition asked.
struct ContextGap: Sendable, Hashable {
    var key: String
    var requirement: String
}
