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
        var out = ""
        write(node, into: &out)
        return out
    }

    private static func write(_ node: JSONNode, into out: inout String) {
        switch node.kind {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): writeString(s, into: &out)
        case .array(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += "," }
                write(e, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { out += "," }
                writeString(m.key, into: &out)
                out += ":"
                write(m.value, into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16) }
                else { out.unicodeScalars.append(scalar) }
            }
        }
        out += "\""
    }
}
