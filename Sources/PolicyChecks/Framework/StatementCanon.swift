import PolicyCore

/// The canonical text of a statement, for fingerprints that survive reformatting and reordering.
enum StatementCanon {
    /// Compact JSON with object keys sorted: the same statement however it is indented or ordered.
    static func canonical(_ node: JSONNode) -> String {
        OrderedJSON(node).rendered(.canonical)
    }
}
