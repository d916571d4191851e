/// A JSON value whose object members keep the order they were written in, so machine output is
/// stable and reads in a sensible order (`id`, `decision`, `blockedBy`, `explain`).
public indirect enum OrderedJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (a: OrderedJSON, b: OrderedJSON) -> Bool { a.rendered(pretty: false) == b.rendered(pretty: false) }

    /// The JSON text; `pretty` indents by two spaces.
    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(into: &out, indent: pretty ? 0 : nil)
        return out
    }

    private func write(into out: inout String, indent: Int?) {
        switch self {
        case .string(let s): Self.writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                item.write(into: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += "," }
                Self.newline(&out, indent.map { $0 + 1 })
                Self.writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(into: &out, indent: indent.map { $0 + 1 })
            }
            Self.newline(&out, indent)
            out += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?) {
        guard let indent else { return }
        out += "\n" + String(repeating: "  ", count: indent)
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

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
        .object([("decidingStatements", .array(decidingStatements.map(\.json))),
                 ("missingContextKeys", .array(missingContextKeys.map(\.json))),
                 ("reasons", .array(reasons.map(OrderedJSON.string)))])
    }
}

extension CapabilityDecision {
    public var explainJSON: OrderedJSON {
        .object([("capability", .string(capability.rawValue)),
                 ("actions", .array(actions.map { a in
                     var m: [(String, OrderedJSON)] = [("action", .string(a.step.action)), ("resource", .string(a.resource)),
                                                        ("required", .bool(a.step.required))]
                     if let note = a.step.note { m.append(("note", .string(note))) }
                     if let d = a.decision {
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
