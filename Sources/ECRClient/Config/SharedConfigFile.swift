import Foundation

/// One AWS shared `config` or `credentials` file, read the way botocore reads it: `[section]` headers,
/// `key = value` lines (keys lower-cased), `#`/`;` comment lines, and indented sub-settings
/// (`s3 =` followed by indented lines) kept as `parent.key`.
public struct SharedConfigFile: Sendable, Equatable {
    /// Section name as written (`default`, `profile dev`, `dev`) → settings.
    public var sections: [String: [String: String]]

    public init(sections: [String: [String: String]] = [:]) { self.sections = sections }

    public init(text: String) {
        var sections: [String: [String: String]] = [:]
        var current: String?
        var parentKey: String?
        for rawLine in text.components(separatedBy: .newlines) {
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            if trimmed.hasPrefix("[") && trimmed.hasSuffix("]") {
                let name = String(trimmed.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                current = name.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                sections[current!, default: [:]] = sections[current!] ?? [:]
                parentKey = nil
                continue
            }
            guard let section = current, let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            let indented = rawLine.first == " " || rawLine.first == "\t"
            if indented, let parent = parentKey {
                sections[section]?["\(parent).\(key)"] = value
            } else {
                sections[section]?[key] = value
                parentKey = value.isEmpty ? key : nil
            }
        }
        self.sections = sections
    }

    /// Reads a file; a missing file is an empty configuration (as in the SDKs).
    public static func load(path: String) -> SharedConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else { return SharedConfigFile() }
        return SharedConfigFile(text: String(decoding: data, as: UTF8.self))
    }
}
