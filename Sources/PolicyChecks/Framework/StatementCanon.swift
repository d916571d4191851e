import PolicyCore

/// The canonical text of a statement, for fingerprints that survive reformatting and reordering.
enum StatementCanon {
    /// Compact JSON with object keys sorted: the same statement however it is indented or ordered.
    /// The bytes of `OrderedJSON(node).rendered(.canonical)` (members sorted by the same comparison,
    /// strings quoted by `JSONQuoting`, numbers as written), written straight from the tree into
    /// one buffer instead of through an `OrderedJSON` copy and a `String` grown piece by piece.
    static func canonical(_ node: JSONNode) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(node, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ node: JSONNode, into out: inout [UInt8]) {
        switch node.kind {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONQuoting.append(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // The order `OrderedJSON` sorts its members into: the same comparisons, so the same
            // permutation (duplicate keys included).
            let order = members.indices.sorted { members[$0].key < members[$1].key }
            for (i, m) in order.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONQuoting.append(members[m].key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(members[m].value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
