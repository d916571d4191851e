extension PolicyDocument {
    /// The document as far as decisions go, as one canonical text: the Version and, for each statement,
    /// its Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource and Condition as
    /// written. Sids, Id, source positions and formatting are left out, and the statements are sorted
    /// (their order never changes a decision). Two documents of the same kind with the same form decide
    /// every request alike; only their explanations differ (they name Sids and lines).
    public var decisionForm: String {
        form(setOfValues: false) { _, value in "\(value.jsonType.rawValue):\(value.text)" }
    }

    /// The decision form for a known set of requests: a condition value that can equal no value those
    /// requests carry is written as one placeholder, so policies that differ only in such values (an
    /// organization id of their own that no simulated principal belongs to) share a form and decide
    /// every one of those requests alike.
    ///
    /// Only values of string and ARN operators without wildcards or policy variables are replaced:
    /// such a value matches a request's value only when the two are equal ignoring case (the `Like`
    /// operators compare literally, the `Arn` operators component by component), so two values that
    /// equal none of the requests' values behave the same under every qualifier and negation.
    /// `canEqualRequestValue` is asked with the value's text lowercased.
    public func decisionForm(canEqualRequestValue: (String) -> Bool) -> String {
        form(setOfValues: true) { clause, value in
            let family = clause.op.value.base.family
            let replaceable = (family == .string || family == .arn) && value.jsonType == .string
                && !value.text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "$") }
            if replaceable && !canEqualRequestValue(value.text.lowercased()) { return "unmatched" }
            return "\(value.jsonType.rawValue):\(value.text)"
        }
    }

    /// - Parameter setOfValues: write a clause's values sorted and without repeats (every operator,
    ///   negated or qualified, treats them as a set: neither their order nor a repeat decides anything).
    private func form(setOfValues: Bool, _ valueText: (ConditionClause, ConditionValue) -> String) -> String {
        // Each statement's form written into one string (no array of parts, no quoted copies).
        func list(_ isNegated: Bool, _ items: [String], into out: inout String) {
            out += isNegated ? "not[" : "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                JSONQuoting.append(item, to: &out)
            }
            out += "]"
        }
        let forms = statements.map { statement -> String in
            var out = "effect " + statement.effect.value.rawValue
            if let principal = statement.principal {
                out += " principal "
                list(principal.isNegated, principal.entries.map(\.value.typedText), into: &out)
            }
            if let action = statement.action {
                out += " action "
                list(action.isNegated, action.patterns.map(\.value), into: &out)
            }
            if let resource = statement.resource {
                out += " resource "
                list(resource.isNegated, resource.patterns.map(\.value), into: &out)
            }
            for clause in statement.condition?.clauses ?? [] {
                let texts = clause.values.map { valueText(clause, $0.value) }
                let values = setOfValues ? Set(texts).sorted() : texts
                out += " condition \(clause.op.value) "
                JSONQuoting.append(clause.key.value, to: &out)
                out += " "
                list(false, values, into: &out)
            }
            return out
        }
        return "version " + (version?.value.rawValue ?? "none") + "\n" + forms.sorted().joined(separator: "\n")
    }
}

extension PrincipalEntry {
    /// The entry as one comparable text: `*`, or its type and value (`AWS:arn:aws:iam::…`,
    /// `Service:ecr.amazonaws.com`, `Federated:…`, `CanonicalUser:…`).
    public var typedText: String {
        switch self {
        case .everyone: "*"
        case .aws(let text): "AWS:" + text
        case .service(let text): "Service:" + text
        case .federated(let text): "Federated:" + text
        case .canonicalUser(let text): "CanonicalUser:" + text
        }
    }
}
