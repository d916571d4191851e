import PolicyCore

/// A small JSON value for remediation snippets: built from the statement the user wrote, edited,
/// and printed the way policies are usually indented, so a reviewer can paste it back.
public indirect enum JSONSnippet: Sendable, Equatable {
    case string(String)
    /// A number, boolean or null as written.
    case literal(String)
    case array([JSONSnippet])
    case object([(String, JSONSnippet)])

    public static func == (lhs: JSONSnippet, rhs: JSONSnippet) -> Bool { lhs.rendered() == rhs.rendered() }

    public init(_ node: JSONNode) {
        switch node.kind {
        case .null: self = .literal("null")
        case .bool(let b): self = .literal(b ? "true" : "false")
        case .number(let n): self = .literal(n)
        case .string(let s): self = .string(s)
        case .array(let elements): self = .array(elements.map(JSONSnippet.init))
        case .object(let members): self = .object(members.map { ($0.key, JSONSnippet($0.value)) })
        }
    }

    /// `"a"` for one value, `["a", "b"]` for several: how IAM policies are usually written.
    public static func strings(_ values: [String]) -> JSONSnippet {
        values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) })
    }

    /// The object with member `key` replaced (keeping its place), or appended when missing.
    public func setting(_ key: String, _ value: JSONSnippet, replacing oldKey: String? = nil) -> JSONSnippet {
        guard case .object(var members) = self else { return self }
        let target = oldKey ?? key
        if let i = members.firstIndex(where: { $0.0 == target }) {
            members[i] = (key, value)
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    public func removing(_ key: String) -> JSONSnippet {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { $0.0 != key })
    }

    public subscript(key: String) -> JSONSnippet? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// Two-space indentation; arrays of scalars that fit stay on one line.
    public func rendered(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent)
        let inner = String(repeating: " ", count: indent + 2)
        switch self {
        case .string(let s): return Self.quote(s)
        case .literal(let l): return l
        case .array(let elements):
            if elements.isEmpty { return "[]" }
            let scalars = elements.allSatisfy { if case .string = $0 { true } else if case .literal = $0 { true } else { false } }
            let oneLine = "[" + elements.map { $0.rendered() }.joined(separator: ", ") + "]"
            if scalars && oneLine.count + indent <= 100 { return oneLine }
            return "[\n" + elements.map { inner + $0.rendered(indent: indent + 2) }.joined(separator: ",\n") + "\n" + pad + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { inner + Self.quote($0.0) + ": " + $0.1.rendered(indent: indent + 2) }.joined(separator: ",\n") + "\n" + pad + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension CheckInput {
    /// The statement as the user wrote it, for editing into a remediation snippet.
    func snippet(of statement: Statement) -> JSONSnippet? {
        statementNode(statement.index).map(JSONSnippet.init)
    }

    /// The owner account for snippets: the known one, or AWS's documentation placeholder.
    var ownerAccountForExamples: String { context.accountID ?? "111122223333" }
}
