import ECRClient
import Foundation

/// Reads AWS CLI parameter values: `file://PATH` (text), `fileb://PATH` (bytes as text), else the
/// value itself; and the CLI's `key=value,key=value` shorthand for flat structures.
enum ParameterValue {
    static func text(_ value: String, option: String) throws -> (text: String, source: String) {
        for prefix in ["file://", "fileb://"] where value.hasPrefix(prefix) {
            let path = String(value.dropFirst(prefix.count))
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIFailure.runtime("\(option): cannot read file \(path)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIFailure.runtime("\(path): not valid UTF-8")
            }
            return (text, path)
        }
        return (value, option)
    }

    /// JSON (`{...}`/`[...]`) or shorthand `a=1,b=x` into a JSON object. `true`/`false` become booleans.
    static func structure(_ value: String, option: String) throws -> JSONValue {
        let (text, source) = try self.text(value, option: option)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            do { return try JSONValue.parse(trimmed) } catch {
                throw CLIFailure.runtime("\(source): \(error)")
            }
        }
        var members: [(String, JSONValue)] = []
        for pair in trimmed.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw CLIFailure.usage("\(option): expected key=value pairs or JSON, got '\(pair)'")
            }
            let raw = String(parts[1])
            let value: JSONValue = raw == "true" ? .bool(true) : raw == "false" ? .bool(false) : .string(raw)
            members.append((String(parts[0]).trimmingCharacters(in: .whitespaces), value))
        }
        return .object(members)
    }
}
