/// A string that may contain policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`,
/// and the escapes `${*}`, `${?}`, `${$}` (a literal `*`, `?`, `$`).
///
/// Variables are recognised only where AWS recognises them (Version 2012-10-17, in `Resource` and in
/// values of string and ARN condition operators); elsewhere the text is one literal.
public struct PolicyTemplate: Sendable, Equatable, Hashable {
    public enum Part: Sendable, Equatable, Hashable {
        /// Text taken as written; it may contain `*`/`?` wildcards where the context allows them.
        case literal(String)
        /// A character escaped with `${*}`, `${?}` or `${$}`: always literal, never a wildcard.
        case escaped(Character)
        /// `${key}` or `${key, 'default'}`. The key keeps its spelling; keys are matched
        /// case-insensitively when evaluated.
        case variable(key: String, defaultValue: String?)
    }

    public var parts: [Part]

    public init(parts: [Part]) { self.parts = parts }

    public static func literal(_ text: String) -> PolicyTemplate {
        PolicyTemplate(parts: text.isEmpty ? [] : [.literal(text)])
    }

    public var hasVariables: Bool {
        parts.contains { if case .variable = $0 { true } else { false } }
    }

    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        /// Offset in Unicode scalars from the start of the string where the bad variable starts.
        public var scalarOffset: Int
        public var reason: String
        public var description: String { reason }
    }

    /// Parses `${...}` variables. Without `variablesEnabled` the whole text is one literal.
    public static func parse(_ text: String, variablesEnabled: Bool) -> Result<PolicyTemplate, SyntaxError> {
        // The byte scan first: text without the bytes of `${` cannot contain it as characters either.
        guard variablesEnabled, text.hasVariableMarker, text.containsASCII("${") else { return .success(.literal(text)) }
        let scalars = Array(text.unicodeScalars)
        var parts: [Part] = []
        var literal = String.UnicodeScalarView()
        var i = 0
        func flush() {
            if !literal.isEmpty { parts.append(.literal(String(literal))); literal = String.UnicodeScalarView() }
        }
        while i < scalars.count {
            if scalars[i] == "$", i + 1 < scalars.count, scalars[i + 1] == "{" {
                guard let close = scalars[(i + 2)...].firstIndex(of: "}") else {
                    return .failure(SyntaxError(scalarOffset: i, reason: "policy variable starting with '${' has no closing '}'"))
                }
                let body = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
                flush()
                switch body {
                case "*": parts.append(.escaped("*"))
                case "?": parts.append(.escaped("?"))
                case "$": parts.append(.escaped("$"))
                default:
                    switch parseVariableBody(body) {
                    case .success(let part): parts.append(part)
                    case .failure(let reason): return .failure(SyntaxError(scalarOffset: i, reason: reason.message))
                    }
                }
                i = close + 1
            } else {
                literal.append(scalars[i])
                i += 1
            }
        }
        flush()
        return .success(PolicyTemplate(parts: parts))
    }

    private struct BodyError: Error { var message: String }

    private static func parseVariableBody(_ body: String) -> Result<Part, BodyError> {
        var key = body
        var defaultValue: String?
        if let comma = body.firstIndex(of: ",") {
            key = String(body[..<comma])
            let rest = body[body.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            guard rest.count >= 2, rest.first == "'", rest.last == "'" else {
                return .failure(BodyError(message: "the default value of policy variable '${\(body)}' must be in single quotes, as in ${\(key.trimmingCharacters(in: .whitespaces)), 'default'}"))
            }
            defaultValue = String(rest.dropFirst().dropLast())
        }
        key = key.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty else { return .failure(BodyError(message: "policy variable '${\(body)}' has no key")) }
        let allowed = key.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || ":/_-.@+=,".unicodeScalars.contains(s)
        }
        guard allowed, key.contains(":") else {
            return .failure(BodyError(message: "'${\(body)}' is not a valid policy variable: expected a condition key such as ${aws:username}"))
        }
        return .success(.variable(key: key, defaultValue: defaultValue))
    }
}

import Foundation
