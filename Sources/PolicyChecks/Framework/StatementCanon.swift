import PolicyCore

/// The canonical text of each statement, for fingerprints that survive reformatting and reordering.
struct StatementCanon: Sendable {
    /// Canonical text of each statement (by index), for fingerprints that survive reformatting.
    private(set) var canonicalStatements: [String] = []

    init(root: JSONNode?) {
        guard let root else { return }
        if let statement = root["Statement"] {
            if let elements = statement.elements {
                canonicalStatements = elements.map(Self.canonical)
            } else {
                canonicalStatements = [Self.canonical(statement)]
            }
        }
    }

    /// Compact JSON with object keys sorted: the same statement however it is indented or ordered.
    static func canonical(_ node: JSONNode) -> String {
        OrderedJSON(node).rendered(.canonical)
    }
}
