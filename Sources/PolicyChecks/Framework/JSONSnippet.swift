import PolicyCore

/// A small JSON value for remediation snippets: built from the statement the user wrote, edited,
/// and printed the way policies are usually indented (`rendered(.policy)`), so a reviewer can paste
/// it back.
public typealias JSONSnippet = OrderedJSON

extension OrderedJSON {
    /// `"a"` for one value, `["a", "b"]` for several: how IAM policies are usually written.
    public static func strings(_ values: [String]) -> OrderedJSON {
        values.count == 1 ? .string(values[0]) : .array(values.map { .string($0) })
    }

    /// The object with member `key` replaced (keeping its place), or appended when missing.
    public func setting(_ key: String, _ value: OrderedJSON, replacing oldKey: String? = nil) -> OrderedJSON {
        guard case .object(var members) = self else { return self }
        let target = oldKey ?? key
        if let i = members.firstIndex(where: { $0.0 == target }) {
            members[i] = (key, value)
        } else {
            members.append((key, value))
        }
        return .object(members)
    }

    public func removing(_ key: String) -> OrderedJSON {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { $0.0 != key })
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
