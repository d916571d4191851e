/// Machine-readable forms of decisions (DESIGN.md 3.1), built as `OrderedJSON`.
extension StatementReference {
    public var json: OrderedJSON {
        .object([("policy", .string(policyName)), ("policyType", .string(policyType.rawValue)), ("effect", .string(effect.rawValue)),
                 ("statement", .int(index)), ("sid", sid.map(OrderedJSON.string) ?? .null),
                 ("line", .int(span.start.line)), ("column", .int(span.start.column))])
    }
}

extension MissingContextKey {
    public var json: OrderedJSON {
        .object([("key", .string(key)), ("requirement", .string(requirement)), ("policy", .string(statement.policyName)),
                 ("statement", .int(statement.index)), ("sid", statement.sid.map(OrderedJSON.string) ?? .null),
                 ("line", .int(statement.span.start.line)), ("column", .int(statement.span.start.column))])
    }
}

extension Decision {
    /// `explain` of DESIGN.md 3.1: deciding statements, missing context keys and the reasoning.
    public var explainJSON: OrderedJSON {
        let d = explained
        return .object([("decidingStatements", .array(d.decidingStatements.map(\.json))),
                        ("missingContextKeys", .array(d.missingContextKeys.map(\.json))),
                        ("reasons", .array(d.reasons.map(OrderedJSON.string)))])
    }
}

extension CapabilityDecision {
    public var explainJSON: OrderedJSON {
        .object([("capability", .string(capability.rawValue)),
                 ("actions", .array(actions.map { a in
                     var m: [(String, OrderedJSON)] = [("action", .string(a.step.action)), ("resource", .string(a.resource)),
                                                        ("required", .bool(a.step.required))]
                     if let note = a.step.note { m.append(("note", .string(note))) }
                     if let d = a.decision?.explained {
                         m.append(("decision", .string(d.outcome.rawValue)))
                         m.append(("blockedBy", .array(d.blockedBy.map { .string($0.rawValue) })))
                         m.append(("explain", d.explainJSON))
                     } else {
                         m.append(("decision", .string("notApplicable")))
                         m.append(("reason", .string(a.skippedReason ?? "")))
                     }
                     return .object(m)
                 })),
                 ("missingContextKeys", .array(missingContextKeys.map(\.json)))])
    }
}
