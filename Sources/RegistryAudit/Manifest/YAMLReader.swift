import Yams

/// Reads a composed YAML tree with positions, collecting every error instead of stopping at the
/// first, and rejecting keys the format does not know (a misspelt key must never be ignored).
final class YAMLReader {
    let file: String
    private(set) var errors: [ManifestError] = []

    init(file: String) { self.file = file }

    func location(_ node: Node) -> ManifestLocation {
        let mark = node.mark
        return ManifestLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ message: String, at node: Node) {
        errors.append(ManifestError(message, at: location(node)))
    }

    func error(_ message: String, at location: ManifestLocation) {
        errors.append(ManifestError(message, at: location))
    }

    /// A mapping whose keys must all be in `allowed`; unknown keys are reported where they are.
    func mapping(_ node: Node, _ what: String, allowed: [String]) -> YAMLMapping? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping (key: value lines), found \(describe(node))", at: node)
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                error("keys of \(what) must be plain names", at: keyNode)
                continue
            }
            let key = scalar.string
            if !allowed.contains(key) {
                var message = "unknown key '\(key)' in \(what)"
                if let near = allowed.first(where: { $0.lowercased() == key.lowercased() }) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; expected one of: \(allowed.joined(separator: ", "))"
                }
                error(message, at: keyNode)
                continue
            }
            entries.append((key, keyNode, value))
        }
        return YAMLMapping(node: node, what: what, entries: entries, reader: self)
    }

    /// The elements of a sequence; a single scalar is accepted where `allowScalar` says so.
    func sequence(_ node: Node, _ what: String, allowScalar: Bool = false) -> [Node]? {
        switch node {
        case .sequence(let seq): return Array(seq)
        case .scalar where allowScalar && !isNull(node): return [node]
        default:
            error("\(what) must be a list, found \(describe(node))", at: node)
            return nil
        }
    }

    /// A non-empty scalar as written (numbers keep their spelling: `account: 012345678901`).
    func string(_ node: Node, _ what: String) -> String? {
        guard case .scalar(let scalar) = node, !isNull(node) else {
            error("\(what) must be a text value, found \(describe(node))", at: node)
            return nil
        }
        guard !scalar.string.isEmpty else {
            error("\(what) must not be empty", at: node)
            return nil
        }
        return scalar.string
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be true or false, found \(describe(node))", at: node)
            return nil
        }
        switch scalar.string {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            error("\(what) must be true or false, found '\(scalar.string)'", at: node)
            return nil
        }
    }

    /// One of a fixed set of spellings.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, _: T.Type) -> T? where T.RawValue == String {
        guard let text = string(node, what) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        error("\(what) must be one of \(options.joined(separator: ", ")), found '\(text)'", at: node)
        return nil
    }

    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let s): isNull(node) ? "nothing" : "'\(s.string)'"
        }
    }
}

/// The known keys of one YAML mapping, read by name.
struct YAMLMapping {
    let node: Node
    let what: String
    let entries: [(key: String, keyNode: Node, value: Node)]
    let reader: YAMLReader

    var location: ManifestLocation { reader.location(node) }

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    /// The value of a key that must be present; a missing key is reported at the mapping.
    func required(_ key: String) -> Node? {
        if let value = self[key] { return value }
        reader.error("\(what) is missing required key '\(key)'", at: node)
        return nil
    }

    func requiredString(_ key: String) -> String? {
        required(key).flatMap { reader.string($0, "'\(key)' of \(what)") }
    }

    func optionalString(_ key: String) -> String? {
        self[key].flatMap { reader.string($0, "'\(key)' of \(what)") }
    }
}
