import PolicyCore

/// Maps source positions back to JSON paths (`Statement[2].Principal.AWS[0]`), so every finding
/// names the element it is about in the same notation whatever rule produced it.
///
/// Built once per document from the parsed JSON tree: every value and every member key is indexed
/// by the byte offset where it starts.
struct JSONPathIndex: Sendable {
    private var valuePaths: [Int: String] = [:]
    private var keyPaths: [Int: String] = [:]
    /// Canonical text of each statement (by index), for fingerprints that survive reformatting.
    private(set) var canonicalStatements: [String] = []

    init(root: JSONNode?) {
        guard let root else { return }
        index(root, path: "")
        if let statement = root["Statement"] {
            if let elements = statement.elements {
                canonicalStatements = elements.map(Self.canonical)
            } else {
                canonicalStatements = [Self.canonical(statement)]
            }
        }
    }

    /// The path of the value or member key starting at `span.start`, if the index knows it.
    func path(for span: SourceSpan) -> String? {
        valuePaths[span.start.offset] ?? keyPaths[span.start.offset]
    }

    private mutating func index(_ node: JSONNode, path: String) {
        valuePaths[node.span.start.offset] = path
        switch node.kind {
        case .array(let elements):
            for (i, element) in elements.enumerated() { index(element, path: "\(path)[\(i)]") }
        case .object(let members):
            for member in members {
                let component = Self.component(member.key)
                let childPath = path.isEmpty || component.hasPrefix("[") ? path + component : path + "." + component
                keyPaths[member.keySpan.start.offset] = childPath
                index(member.value, path: childPath)
            }
        default:
            break
        }
    }

    /// Keys that are not plain identifiers (condition keys such as `aws:SourceIp`) are quoted.
    private static func component(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
        if plain { return key }
        return "[\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"]"
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
