/// A JSON value whose object members keep the order they were written in, so machine output is
/// stable and reads in a sensible order (`id`, `decision`, `blockedBy`, `explain`), and values read
/// from elsewhere (an API answer, a policy statement) can be written back unchanged.
///
/// The one JSON value and writer of the package: simulate/who-can output, ECR API bodies and
/// answers (ECRClient's `JSONValue`), statement fingerprints and remediation snippets (PolicyChecks)
/// all render through `rendered(_:)`.
public indirect enum OrderedJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])
    /// A number literal kept as written (`1.50`, `1.7e9`).
    case number(String)

    /// Equal by meaning: object members in any order, numbers by value (`1.0` equals `1`).
    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && a.allSatisfy { member in b.contains { $0.0 == member.0 && $0.1 == member.1 } }
        default:
            if let a = lhs.numberText, let b = rhs.numberText { a == b || (Double(a) != nil && Double(a) == Double(b)) } else { false }
        }
    }

    private var numberText: String? {
        switch self {
        case .int(let i): String(i)
        case .number(let n): n
        default: nil
        }
    }

    /// The value of member `key` of an object.
    public subscript(key: String) -> OrderedJSON? {
        if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
        return nil
    }

    /// The value as written in a policy document (member order, number text and duplicates kept).
    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let elements): self = .array(elements.map(OrderedJSON.init))
        case .object(let members): self = .object(members.map { ($0.key, OrderedJSON($0.value)) })
        }
    }

    /// The JSON text; `pretty` indents by two spaces.
    public func rendered(pretty: Bool = true) -> String {
        rendered(pretty ? .pretty : .compact)
    }

    /// The JSON text in `format`.
    public func rendered(_ format: JSONFormat) -> String {
        var out = ""
        write(into: &out, format: format, level: 0)
        return out
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func write(into out: inout String, format: JSONFormat, level: Int) {
        switch self {
        case .string(let s): JSONQuoting.append(s, to: &out)
        case .int(let i): out += String(i)
        case .number(let n): out += n
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if let width = format.inlineScalarArrayWidth, let unit = format.indent, items.allSatisfy(\.isScalar) {
                var line = "["
                for (i, item) in items.enumerated() {
                    if i > 0 { line += ", " }
                    item.write(into: &line, format: format, level: level + 1)
                }
                line += "]"
                if line.count + unit.count * level <= width { out += line; return }
            }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                format.newline(&out, level + 1)
                item.write(into: &out, format: format, level: level + 1)
            }
            format.newline(&out, level)
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            let ordered = format.sortedKeys ? members.sorted { $0.0 < $1.0 } : members
            for (i, (key, value)) in ordered.enumerated() {
                if i > 0 { out += "," }
                format.newline(&out, level + 1)
                JSONQuoting.append(key, to: &out)
                out += format.indent == nil ? ":" : ": "
                value.write(into: &out, format: format, level: level + 1)
            }
            format.newline(&out, level)
            out += "}"
        }
    }

    /// `s` as a JSON string literal: quotes, backslashes and control characters escaped, everything
    /// else (non-ASCII included) kept as is.
    public static func quoted(_ s: String) -> String {
        var out = ""
        JSONQuoting.append(s, to: &out)
        return out
    }
}
