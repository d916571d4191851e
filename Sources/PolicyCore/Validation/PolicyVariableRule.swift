import Foundation

/// Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`): variables only
/// with Version 2012-10-17 (under 2008-10-17 AWS accepts the policy and reads them as literal text:
/// VARIABLE_UNSUPPORTED_IN_VERSION, a warning), only in `Resource`/`NotResource` and in values of string and ARN
/// condition operators, and only when well formed.
public struct PolicyVariableRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        let enabled = context.document.supportsPolicyVariables
        for statement in context.document.statements {
            for pattern in statement.resource?.patterns ?? [] where pattern.value.hasVariableMarker {
                if enabled {
                    Self.checkSyntax(pattern, into: &reporter)
                } else {
                    reportVersion(pattern, statement, context, into: &reporter)
                }
            }
            for pattern in statement.action?.patterns ?? [] where pattern.value.hasVariableMarker {
                reporter.report(.variableUnsupportedInElement, at: pattern.span, "policy variables are not allowed in \(statement.action!.isNegated ? "NotAction" : "Action"); only in Resource and condition values")
            }
            for entry in statement.principal?.entries ?? [] {
                if case .everyone = entry.value { continue }
                if principalText(entry.value).hasVariableMarker {
                    reporter.report(.variableUnsupportedInElement, at: entry.span, "policy variables are not allowed in a principal; only in Resource and condition values")
                }
            }
            for clause in statement.condition?.clauses ?? [] {
                if clause.key.value.hasVariableMarker {
                    reporter.report(.variableUnsupportedInElement, at: clause.key.span, "policy variables are not allowed in condition keys")
                }
                for value in clause.values where value.value.jsonType == .string && value.value.text.hasVariableMarker {
                    let located = Located(value.value.text, span: value.span)
                    if !clause.op.value.base.allowsPolicyVariables {
                        reporter.report(.invalidVariableForOperator, at: value.span,
                                        "policy variables can only be used with string and ARN operators, not \(clause.op.value.base.rawValue)")
                    } else if enabled {
                        Self.checkSyntax(located, into: &reporter)
                    } else {
                        reportVersion(located, statement, context, into: &reporter)
                    }
                }
            }
        }
    }

    func principalText(_ entry: PrincipalEntry) -> String {
        switch entry {
        case .everyone: "*"
        case .aws(let s), .service(let s), .federated(let s), .canonicalUser(let s): s
        }
    }

    /// A variable under Version 2008-10-17: AWS stores the policy and compares `${...}` as literal
    /// text, and so does ecrguard's evaluator. A warning; high in a Deny, whose protection then
    /// does not apply where the author meant it to.
    func reportVersion(_ value: Located<String>, _ statement: Statement, _ context: ValidationContext, into reporter: inout FindingReporter) {
        let version = context.document.version.map { "Version \($0.value.rawValue)" } ?? "a policy without Version (read as 2008-10-17)"
        let offset = value.value.unicodeScalars.firstIndex(of: "$").map { value.value.unicodeScalars.distance(from: value.value.unicodeScalars.startIndex, to: $0) } ?? 0
        let isDeny = statement.effect.value == .deny
        let consequence = isDeny ? "so this Deny does not apply where it was meant to" : "so it never matches a real value"
        reporter.report(.variableUnsupportedInVersion, at: StringSpan.span(in: value, scalarOffset: offset, length: 2),
                        "policy variables need Version 2012-10-17; in \(version) '${...}' is literal text, \(consequence)",
                        remediation: "\"Version\": \"2012-10-17\"", severity: isDeny ? .high : nil)
    }

    /// Reports malformed `${...}` in a value where variables are enabled.
    static func checkSyntax(_ value: Located<String>, into reporter: inout FindingReporter) {
        let scalars = Array(value.value.unicodeScalars)
        var i = 0
        while i + 1 < scalars.count {
            guard scalars[i] == "$", scalars[i + 1] == "{" else { i += 1; continue }
            guard let close = scalars[(i + 2)...].firstIndex(of: "}") else {
                reporter.report(.missingBraceInVariable, at: StringSpan.span(in: value, scalarOffset: i, length: scalars.count - i),
                                "policy variable starting with '${' has no closing '}'")
                return
            }
            let body = String(String.UnicodeScalarView(scalars[(i + 2)..<close]))
            let span = StringSpan.span(in: value, scalarOffset: i, length: close - i + 1)
            if let (issue, message) = problem(inBody: body) {
                reporter.report(issue, at: span, message)
            }
            i = close + 1
        }
    }

    static func problem(inBody body: String) -> (RuleDescriptor, String)? {
        if ["*", "?", "$"].contains(body) { return nil }
        if body.allSatisfy({ $0 == " " || $0 == "\t" }) {
            return (.emptyVariable, "the policy variable '${\(body)}' is empty")
        }
        let comma = body.firstIndex(of: ",")
        let key = comma.map { String(body[..<$0]) } ?? body
        if key.contains(" ") || key.contains("\t") {
            return (.unsupportedSpaceInVariable, "the policy variable '${\(body)}' has a space in its key; write ${\(key.trimmingCharacters(in: .whitespaces))}")
        }
        if let comma {
            let rest = body[body.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            if rest.count < 2 || rest.first != "'" || rest.last != "'" {
                return (.missingQuoteInDefault, "the default value of '${\(body)}' must be in single quotes, as in ${\(key), 'default'}")
            }
        }
        if case .failure(let error) = PolicyTemplate.parse("${" + body + "}", variablesEnabled: true) {
            return (.invalidPolicyVariable, error.reason)
        }
        return nil
    }
}
