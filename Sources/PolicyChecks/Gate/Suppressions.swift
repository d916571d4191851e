import PolicyCore
import Yams

/// One accepted risk: a finding code in a file (or repository), optionally one statement, with the
/// reason it is accepted and the day the acceptance runs out.
public struct Suppression: Sendable, Hashable {
    public var code: String
    /// The policy file as `ecrguard check` names it (repo-relative).
    public var file: String?
    /// The repository whose policy it is (matched through the caller's file-to-repository mapping).
    public var repository: String?
    public var statementIndex: Int?
    public var sid: String?
    public var reason: String
    public var expires: CalendarDate
    /// Where the entry is in the suppression file, for findings about the entry itself.
    public var line: Int
    public var column: Int

    public init(code: String, file: String? = nil, repository: String? = nil, statementIndex: Int? = nil, sid: String? = nil,
                reason: String, expires: CalendarDate, line: Int = 1, column: Int = 1) {
        self.code = code
        self.file = file
        self.repository = repository
        self.statementIndex = statementIndex
        self.sid = sid
        self.reason = reason
        self.expires = expires
        self.line = line
        self.column = column
    }

    /// Whether the entry covers the finding (ignoring expiry). `repositoryOf` maps a policy file to its repository.
    public func matches(_ finding: Finding, repositoryOf: (String) -> String?) -> Bool {
        guard finding.code == code else { return false }
        if let file, Suppressions.normalise(file) != Suppressions.normalise(finding.file) { return false }
        if let repository, repositoryOf(finding.file) != repository { return false }
        if let statementIndex, finding.statementIndex != statementIndex { return false }
        if let sid, finding.sid != sid { return false }
        return true
    }

    /// What the entry names, for messages: `PUBLIC_ACCESS in policies/a.json, statement "PublicPull"`.
    public var summary: String {
        var s = code + " in " + (file ?? "repository \(repository ?? "?")")
        if let sid { s += ", statement \"\(sid)\"" } else if let statementIndex { s += ", statement \(statementIndex)" }
        return s
    }
}

/// A suppression file, read from YAML (or JSON, which YAML reads too):
///
/// ```yaml
/// suppressions:
///   - code: PUBLIC_ACCESS
///     file: policies/repositories/public-base-images.json   # or: repository: public-base-images
///     sid: PublicPull                                        # optional; or statement: 0
///     reason: Base images are published on purpose (SEC-1234)
///     expires: 2027-01-31
/// ```
/// Every entry needs `code`, `file` or `repository`, a non-empty `reason` and an `expires` date.
public struct Suppressions: Sendable, Hashable {
    public var entries: [Suppression]
    /// The suppression file's name, for findings about its entries.
    public var file: String

    public init(entries: [Suppression], file: String) {
        self.entries = entries
        self.file = file
    }

    public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        public var message: String
        public var description: String { "\(file):\(line):\(column): \(message)" }
    }

    /// Parses a suppression file; every problem is a `FormatError` naming line and column.
    public static func parse(_ text: String, file: String) throws(FormatError) -> Suppressions {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw FormatError(file: file, line: error.line ?? 1, column: error.column ?? 1, message: "not valid YAML: \(error.problemText)")
        } catch {
            throw FormatError(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
        guard let root else { return Suppressions(entries: [], file: file) }
        let list: Node
        if case .mapping(let mapping) = root {
            let keys = mapping.keys.compactMap(\.string)
            if let unknown = keys.first(where: { $0 != "suppressions" }) {
                let node = mapping.keys.first { $0.string == unknown }!
                throw error(file, node, "unknown key '\(unknown)'; the file holds one key, 'suppressions', with a list of entries")
            }
            guard let value = mapping["suppressions"] else { return Suppressions(entries: [], file: file) }
            list = value
        } else {
            list = root
        }
        if case .scalar(let scalar) = list, scalar.string.isEmpty || scalar.string == "null" || scalar.string == "~" {
            return Suppressions(entries: [], file: file)
        }
        guard case .sequence(let sequence) = list else {
            throw error(file, list, "'suppressions' must be a list of entries")
        }
        var entries: [Suppression] = []
        for node in sequence { entries.append(try entry(node, file: file)) }
        return Suppressions(entries: entries, file: file)
    }

    private static let knownKeys: Set<String> = ["code", "file", "repository", "statement", "sid", "reason", "expires"]

    private static func entry(_ node: Node, file: String) throws(FormatError) -> Suppression {
        guard case .mapping(let mapping) = node else {
            throw error(file, node, "each suppression must be a mapping with code, file or repository, reason and expires")
        }
        var values: [String: (String, Node)] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw error(file, key, "keys must be plain names") }
            guard knownKeys.contains(name) else {
                throw error(file, key, "unknown key '\(name)'; expected one of \(knownKeys.sorted().joined(separator: ", "))")
            }
            guard case .scalar(let scalar) = value else { throw error(file, value, "'\(name)' must be a single value") }
            values[name] = (scalar.string.trimmingCharacters(in: .whitespaces), value)
        }
        func required(_ name: String, _ why: String) throws(FormatError) -> String {
            guard let value = values[name]?.0, !value.isEmpty else { throw error(file, node, "suppression has no '\(name)': \(why)") }
            return value
        }
        let code = try required("code", "name the finding code it accepts, such as PUBLIC_ACCESS")
        let reason = try required("reason", "say why the risk is accepted, so the next reviewer can judge it")
        let expiresText = try required("expires", "give the last day it applies (YYYY-MM-DD), so accepted risks are reviewed again")
        guard let expires = CalendarDate(expiresText) else {
            throw error(file, values["expires"]!.1, "'expires' must be a date written YYYY-MM-DD, got '\(expiresText)'")
        }
        let target = values["file"]?.0, repository = values["repository"]?.0
        guard target?.isEmpty == false || repository?.isEmpty == false else {
            throw error(file, node, "suppression has neither 'file' nor 'repository': say which policy it applies to")
        }
        var statementIndex: Int?
        if let (text, statementNode) = values["statement"] {
            guard let index = Int(text), index >= 0 else {
                throw error(file, statementNode, "'statement' must be a statement index from 0 (use 'sid' to name a statement by its Sid)")
            }
            statementIndex = index
        }
        let mark = node.mark
        return Suppression(code: code, file: target, repository: repository, statementIndex: statementIndex, sid: values["sid"]?.0,
                           reason: reason, expires: expires, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func error(_ file: String, _ node: Node, _ message: String) -> FormatError {
        FormatError(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
    }

    /// `./a/b.json` and `a/b.json` name the same file.
    static func normalise(_ path: String) -> String {
        var p = Substring(path)
        while p.hasPrefix("./") { p = p.dropFirst(2) }
        return String(p)
    }
}

extension YamlError {
    var line: Int? { mark?.line }
    var column: Int? { mark?.column }
    var mark: Mark? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark
        case .duplicatedKeysInMapping(_, let context): context.mark
        default: nil
        }
    }
    var problemText: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "duplicate key \(duplicates.joined(separator: ", "))"
        default: "\(self)"
        }
    }
}
