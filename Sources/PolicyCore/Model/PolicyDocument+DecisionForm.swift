extension PolicyDocument {
    /// The document as far as decisions go, as one canonical text: the Version and, for each statement,
    /// its Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource and Condition as
    /// written. Sids, Id, source positions and formatting are left out, and the statements are sorted
    /// (their order never changes a decision). Two documents of the same kind with the same form decide
    /// every request alike; only their explanations differ (they name Sids and lines).
    public var decisionForm: String {
        func list(_ isNegated: Bool, _ items: [String]) -> String {
            (isNegated ? "not[" : "[") + items.map(OrderedJSON.quoted).joined(separator: ",") + "]"
        }
        let forms = statements.map { statement -> String in
            var parts = ["effect " + statement.effect.value.rawValue]
            if let principal = statement.principal {
                parts.append("principal " + list(principal.isNegated, principal.entries.map(\.value.typedText)))
            }
            if let action = statement.action {
                parts.append("action " + list(action.isNegated, action.patterns.map(\.value)))
            }
            if let resource = statement.resource {
                parts.append("resource " + list(resource.isNegated, resource.patterns.map(\.value)))
            }
            for clause in statement.condition?.clauses ?? [] {
                parts.append("condition \(clause.op.value) " + OrderedJSON.quoted(clause.key.value) + " "
                             + list(false, clause.values.map { "\($0.value.jsonType.rawValue):\($0.value.text)" }))
            }
            return parts.joined(separator: " ")
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
