extension PolicyDocument {
    /// The document as far as decisions go, as one canonical text: the Version and, for each statement,
    /// its Effect, Principal/NotPrincipal, Action/NotAction, Resource/NotResource and Condition as
    /// written. Sids, Id, source positions and formatting are left out, and the statements are sorted
    /// (their order never changes a decision). Two documents of the same kind with the same form decide
    /// every request alike; only their explanations differ (they name Sids and lines).
    public var decisionForm: String {
        form(setOfValues: false) { _, value in value.jsonType.rawValue + ":" + value.text }
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
            return value.jsonType.rawValue + ":" + value.text
        }
    }

    /// - Parameter setOfValues: write a clause's values sorted and without repeats (every operator,
    ///   negated or qualified, treats them as a set: neither their order nor a repeat decides anything).
    private func form(setOfValues: Bool, _ valueText: (ConditionClause, ConditionValue) -> String) -> String {
        // Each statement's form written as bytes into one reused buffer (appending to a `String`
        // costs several times more per piece), then made a `String` once. The buffer is passed
        // `inout`, never captured, so writing to it needs no exclusivity checks.
        var out: [UInt8] = []
        out.reserveCapacity(512)
        var forms: [String] = []
        forms.reserveCapacity(statements.count)
        for statement in statements {
            out.removeAll(keepingCapacity: true)
            Self.add("effect ", to: &out)
            Self.add(statement.effect.value.rawValue, to: &out)
            if let principal = statement.principal {
                Self.add(" principal ", to: &out)
                Self.list(principal.isNegated, principal.entries.count, to: &out) { principal.entries[$0].value.appendQuotedTypedText(to: &$1) }
            }
            if let action = statement.action {
                Self.add(" action ", to: &out)
                Self.list(action.isNegated, action.patterns.count, to: &out) { JSONQuoting.append(action.patterns[$0].value, to: &$1) }
            }
            if let resource = statement.resource {
                Self.add(" resource ", to: &out)
                Self.list(resource.isNegated, resource.patterns.count, to: &out) { JSONQuoting.append(resource.patterns[$0].value, to: &$1) }
            }
            for clause in statement.condition?.clauses ?? [] {
                let texts = clause.values.map { valueText(clause, $0.value) }
                let values = setOfValues ? Set(texts).sorted() : texts
                Self.add(" condition ", to: &out)
                Self.add(clause.op.value.description, to: &out)
                out.append(UInt8(ascii: " "))
                JSONQuoting.append(clause.key.value, to: &out)
                out.append(UInt8(ascii: " "))
                Self.list(false, values.count, to: &out) { JSONQuoting.append(values[$0], to: &$1) }
            }
            forms.append(String(decoding: out, as: UTF8.self))
        }
        return "version " + (version?.value.rawValue ?? "none") + "\n" + forms.sorted().joined(separator: "\n")
    }

    /// `[item,item]` (or `not[...]`), the items written by `item`.
    private static func list(_ isNegated: Bool, _ count: Int, to out: inout [UInt8], _ item: (Int, inout [UInt8]) -> Void) {
        isNegated ? add("not[", to: &out) : add("[", to: &out)
        for i in 0..<count {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            item(i, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private static func add(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func add(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { out.append(contentsOf: $0) }
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

    /// `typedText` in JSON quotes, appended to UTF-8 bytes (the type prefixes need no escapes).
    func appendQuotedTypedText(to out: inout [UInt8]) {
        let prefix: StaticString, text: String
        switch self {
        case .everyone: JSONQuoting.append("*", to: &out); return
        case .aws(let t): (prefix, text) = ("AWS:", t)
        case .service(let t): (prefix, text) = ("Service:", t)
        case .federated(let t): (prefix, text) = ("Federated:", t)
        case .canonicalUser(let t): (prefix, text) = ("CanonicalUser:", t)
        }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
        JSONQuoting.appendEscaped(text, to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
