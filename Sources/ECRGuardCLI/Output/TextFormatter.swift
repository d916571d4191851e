import JMESPath
import PolicyCore

/// The AWS CLI's `--output text` layout (awscli `text.py`, described here, not copied):
/// - a scalar prints as Python's `str()` on its own line (`None` for null);
/// - an object prints its scalar members' values on one tab-separated line, in key order, then each
///   list or object member under its key, upper-cased as a prefix (`REPOSITORIES\t...`);
/// - a list of objects prints one line per object with the columns of every scalar key any of them
///   has (sorted; empty where an object lacks one);
/// - a list of scalars prints on one tab-separated line, or one `PREFIX\tvalue` line per item under a key.
struct TextFormatter {
    /// A layout the AWS CLI cannot print either (it fails with a Python error).
    struct LayoutError: Error, CustomStringConvertible {
        var description: String
    }

    func format(_ value: JMESValue) throws -> String {
        var out = ""
        try write(value, identifier: nil, scalarKeys: nil, to: &out)
        return out
    }

    private func write(_ value: JMESValue, identifier: String?, scalarKeys: [String]?, to out: inout String) throws {
        switch value {
        case .object(let object): try writeObject(object, identifier: identifier, scalarKeys: scalarKeys, to: &out)
        case .array(let elements): try writeList(elements, identifier: identifier, to: &out)
        default: out += PythonText.str(value) + "\n"
        }
    }

    private func writeList(_ elements: [JMESValue], identifier: String?, to out: inout String) throws {
        guard !elements.isEmpty else { return }
        if elements.contains(where: { if case .object = $0 { true } else { false } }) {
            var keys: Set<String> = []
            for element in elements {
                guard case .object(let object) = element else {
                    throw LayoutError(description: "--output text cannot print a list that mixes objects with other values; use --query to select one kind")
                }
                for entry in object where PythonText.isScalar(entry.value) { keys.insert(entry.key) }
            }
            let sortedKeys = keys.sorted(by: codePointOrder)
            for element in elements { try write(element, identifier: identifier, scalarKeys: sortedKeys, to: &out) }
        } else if elements.contains(where: { if case .array = $0 { true } else { false } }) {
            let scalars = elements.filter(PythonText.isScalar)
            if !scalars.isEmpty { writeScalars(scalars, identifier: identifier, to: &out) }
            for element in elements where !PythonText.isScalar(element) {
                try write(element, identifier: identifier, scalarKeys: nil, to: &out)
            }
        } else {
            writeScalars(elements, identifier: identifier, to: &out)
        }
    }

    private func writeScalars(_ elements: [JMESValue], identifier: String?, to out: inout String) {
        if let identifier {
            for element in elements { out += identifier.uppercased() + "\t" + PythonText.str(element) + "\n" }
        } else {
            out += elements.map(PythonText.str).joinedText(separator: "\t") + "\n"
        }
    }

    private func writeObject(_ object: JMESObject, identifier: String?, scalarKeys: [String]?, to out: inout String) throws {
        var scalars: [String] = []
        var nested: [(key: String, value: JMESValue)] = []
        if let scalarKeys {
            scalars = scalarKeys.map { object[$0].map(PythonText.str) ?? "" }
            let known = Set(scalarKeys)
            nested = object.filter { !known.contains($0.key) }.sorted { codePointOrder($0.key, $1.key) }.map { ($0.key, $0.value) }
        } else {
            for entry in object.sorted(by: { codePointOrder($0.key, $1.key) }) {
                if PythonText.isScalar(entry.value) { scalars.append(PythonText.str(entry.value)) } else { nested.append((entry.key, entry.value)) }
            }
        }
        if !scalars.isEmpty {
            if let identifier { scalars.insert(identifier.uppercased(), at: 0) }
            out += scalars.joinedText(separator: "\t") + "\n"
        }
        for (key, value) in nested { try write(value, identifier: key, scalarKeys: nil, to: &out) }
    }
}

/// Python's string order (by code point), which the AWS CLI's sorted keys follow.
func codePointOrder(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
}
