import ECRClient
import PolicyCore

/// Policy documents compared and shown by meaning, not by formatting.
enum PolicyText {
    /// Equal JSON (member order and whitespace ignored); unparseable texts compare as text.
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        guard let left = try? JSONValue.parse(a), let right = try? JSONValue.parse(b) else { return a == b }
        return left == right
    }

    /// Four-space indented with keys sorted, so diffs line up whatever the source formatting.
    static func pretty(_ text: String) -> String {
        guard !text.isEmpty, let value = try? JSONValue.parse(text) else { return text }
        return value.rendered(.awsCLI.withSortedKeys)
    }
}
