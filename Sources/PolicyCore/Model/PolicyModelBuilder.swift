/// Turns a JSON tree into a `PolicyDocument`, reporting every structural problem (wrong JSON types,
/// unknown or conflicting elements, missing required elements, duplicate keys) as a finding.
///
/// It keeps going after an error so one run shows every problem. Statements whose `Effect` is
/// missing or invalid cannot mean anything (AWS rejects the whole policy) and are left out of the
/// model; their other problems are still reported.
struct PolicyModelBuilder {
    let kind: PolicyKind
    var reporter: FindingReporter

    init(kind: PolicyKind, reporter: FindingReporter) {
        self.kind = kind
        self.reporter = reporter
    }

    static let documentElements: [String] = ["Version", "Id", "Statement"]
    static let statementElements: [String] = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]
    static let principalKeys: [String] = ["AWS", "Service", "Federated", "CanonicalUser"]

    /// Builds the model. `duplicateKeys` are the repeated keys the parser found; nil makes the
    /// builder walk the tree for them itself (a tree that did not come from `JSONParser`'s scan).
    mutating func build(_ root: JSONNode, duplicateKeys: [(repeated: JSONMember, first: JSONMember)]? = nil) -> PolicyDocument? {
        if let duplicateKeys {
            for (repeated, first) in duplicateKeys { reportDuplicate(repeated, first: first) }
        } else {
            reportDuplicateKeys(in: root)
        }
        guard let members = root.members else {
            reporter.report(.jsonSyntaxError, at: root.span, "a policy must be a JSON object, not \(root.typeDescription)")
            return nil
        }
        // Outline statements first so every finding can name its statement.
        let statementNode = first("Statement", in: members)
        if let statementNode {
            reporter.outlineStatements(of: statementNode.value)
        }

        var version: Located<PolicyVersion>?
        var id: Located<String>?
        var sawVersion = false
        for member in members {
            switch member.key {
            case "Version":
                sawVersion = true
                guard let text = member.value.stringValue else {
                    reporter.report(.invalidVersion, at: member.value.span, "Version must be a string (\"2012-10-17\"), not \(member.value.typeDescription)")
                    continue
                }
                if let v = PolicyVersion(rawValue: text) {
                    version = Located(v, span: member.value.span)
                } else {
                    reporter.report(.invalidVersion, at: member.value.span, "Version '\(text)' is not valid; use \"2012-10-17\" (or the older \"2008-10-17\")",
                                    remediation: "\"Version\": \"2012-10-17\"")
                }
            case "Id":
                if let text = member.value.stringValue {
                    id = Located(text, span: member.value.span)
                } else {
                    reporter.report(.invalidElementType, at: member.value.span, "Id must be a string, not \(member.value.typeDescription)")
                }
            case "Statement":
                break
            default:
                reportUnknownElement(member, known: Self.documentElements, level: "the policy")
            }
        }
        if !sawVersion {
            reporter.report(.missingVersion, at: SourceSpan(at: root.span.start),
                            "the policy has no Version, so AWS reads it as 2008-10-17, where policy variables are plain text",
                            remediation: "add \"Version\": \"2012-10-17\" as the first element")
        }

        var statements: [Statement] = []
        if let statementNode {
            switch statementNode.value.kind {
            case .object:
                if let s = buildStatement(statementNode.value, index: 0, listed: false) { statements.append(s) }
            case .array(let elements):
                if elements.isEmpty {
                    reporter.report(.missingStatement, at: statementNode.value.span, "Statement is an empty list; a policy needs at least one statement")
                }
                statements.reserveCapacity(elements.count)
                for (i, element) in elements.enumerated() {
                    if element.members == nil {
                        reporter.report(.invalidElementType, at: element.span, "each statement must be a JSON object, not \(element.typeDescription)")
                    } else if let s = buildStatement(element, index: i, listed: true) {
                        statements.append(s)
                    }
                }
            default:
                reporter.report(.invalidElementType, at: statementNode.value.span,
                                "Statement must be an object or a list of objects, not \(statementNode.value.typeDescription)")
            }
        } else {
            reporter.report(.missingStatement, at: SourceSpan(at: root.span.start), "the policy has no Statement element")
        }

        var document = PolicyDocument(version: version, id: id, statements: statements, span: root.span, statementSpan: statementNode?.value.span)
        document.statementsAreListed = statementNode?.value.elements != nil
        return document
    }

    // MARK: Statement

    mutating func buildStatement(_ node: JSONNode, index: Int, listed: Bool) -> Statement? {
        let members = node.members ?? []
        var sid: Located<String>?
        var effect: Located<Effect>?
        var principal: PrincipalElement?
        var action: PatternElement?
        var resource: PatternElement?
        var condition: ConditionBlock?
        var sawEffect = false

        for member in members {
            switch member.key {
            case "Sid":
                if let text = member.value.stringValue {
                    sid = Located(text, span: member.value.span)
                } else {
                    reporter.report(.invalidElementType, at: member.value.span, "Sid must be a string, not \(member.value.typeDescription)")
                }
            case "Effect":
                sawEffect = true
                guard let text = member.value.stringValue else {
                    reporter.report(.invalidEffect, at: member.value.span, "Effect must be the string \"Allow\" or \"Deny\", not \(member.value.typeDescription)")
                    continue
                }
                if let e = Effect(rawValue: text) {
                    effect = Located(e, span: member.value.span)
                } else {
                    let hint = Effect(rawValue: text.prefix(1).uppercased() + text.dropFirst().lowercased()).map { " (Effect is case-sensitive: write \"\($0.rawValue)\")" } ?? ""
                    reporter.report(.invalidEffect, at: member.value.span, "Effect '\(text)' is not valid; use \"Allow\" or \"Deny\"\(hint)")
                }
            case "Principal", "NotPrincipal":
                keepFirst(buildPrincipal(member), in: &principal, from: member) { $0.isNegated ? "NotPrincipal" : "Principal" }
            case "Action", "NotAction":
                keepFirst(buildPatterns(member, isNegated: member.key == "NotAction", missing: .missingAction),
                          in: &action, from: member) { $0.isNegated ? "NotAction" : "Action" }
            case "Resource", "NotResource":
                keepFirst(buildPatterns(member, isNegated: member.key == "NotResource", missing: .missingResource),
                          in: &resource, from: member) { $0.isNegated ? "NotResource" : "Resource" }
            case "Condition":
                condition = buildCondition(member.value)
            default:
                reportUnknownElement(member, known: Self.statementElements, level: "a statement")
            }
        }

        let at = SourceSpan(at: node.span.start)
        if !sawEffect {
            reporter.report(.missingEffect, at: at, "the statement has no Effect; add \"Effect\": \"Allow\" or \"Deny\"")
        }
        if action == nil && !members.contains(where: { $0.key == "Action" || $0.key == "NotAction" }) {
            reporter.report(.missingAction, at: at, "the statement has no Action or NotAction")
        }
        guard let effect else { return nil }
        var statement = Statement(index: index, sid: sid, effect: effect, principal: principal, action: action, resource: resource,
                                  condition: condition, span: node.span)
        statement.isListed = listed
        return statement
    }

    /// Two elements of a pair (`Action` and `NotAction`) in one statement; the first one is kept.
    /// Keeps the first of a pair that cannot be combined (`Action`/`NotAction`, …). The second is
    /// still built, so its own problems are reported, but only the combination error is added.
    mutating func keepFirst<Element>(_ element: Element?, in slot: inout Element?, from member: JSONMember, name: (Element) -> String) {
        if let existing = slot {
            reportCombination(name(existing), member)
        } else {
            slot = element
        }
    }

    mutating func reportCombination(_ first: String, _ second: JSONMember) {
        // The same key twice is already reported as DUPLICATE_KEY.
        guard first != second.key else { return }
        reporter.report(.unsupportedElementCombination, at: second.keySpan, "\(first) and \(second.key) cannot be used in the same statement")
    }

    mutating func reportUnknownElement(_ member: JSONMember, known: [String], level: String) {
        if let match = known.first(where: { $0.lowercased() == member.key.lowercased() }) {
            reporter.report(.invalidPolicyElement, at: member.keySpan, "'\(member.key)' is not a valid element of \(level); element names are case-sensitive: write '\(match)'")
        } else {
            reporter.report(.invalidPolicyElement, at: member.keySpan, "'\(member.key)' is not a valid element of \(level) (valid: \(known.joined(separator: ", ")))")
        }
    }

    // MARK: Principal

    mutating func buildPrincipal(_ member: JSONMember) -> PrincipalElement? {
        let isNegated = member.key == "NotPrincipal"
        let value = member.value
        switch value.kind {
        case .string(let s):
            if s == "*" {
                return PrincipalElement(isNegated: isNegated, entries: [Located(.everyone, span: value.span)], span: value.span)
            }
            reporter.report(.invalidPrincipalFormat, at: value.span,
                            "\(member.key) must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}; a bare string '\(s)' is not valid",
                            remediation: "\"\(member.key)\": {\"AWS\": \"\(s)\"}")
            return nil
        case .object(let keys):
            if keys.isEmpty {
                reporter.report(.missingPrincipal, at: value.span, "\(member.key) is an empty object; name at least one principal")
                return nil
            }
            var entries: [Located<PrincipalEntry>] = []
            entries.reserveCapacity(keys.count)
            for key in keys {
                let type: PrincipalKeyKind
                switch key.key {
                case "AWS": type = .aws
                case "Service": type = .service
                case "Federated": type = .federated
                case "CanonicalUser": type = .canonicalUser
                default: type = .unknown
                }
                guard type != .unknown else {
                    let hint = Self.principalKeys.first { $0.lowercased() == key.key.lowercased() }.map { "; keys are case-sensitive: write '\($0)'" }
                        ?? " (valid: AWS, Service, Federated, CanonicalUser)"
                    reporter.report(.invalidPrincipalKey, at: key.keySpan, "'\(key.key)' is not a principal type\(hint)")
                    continue
                }
                // Straight from the JSON (no intermediate [Located<String>]); the element name
                // is only formatted when something is reported.
                appendStrings(key.value, element: "\(member.key).\(key.key)", emptyIssue: .missingPrincipal) { text, span in
                    entries.append(Located(type.entry(text), span: span))
                }
            }
            return PrincipalElement(isNegated: isNegated, entries: entries, span: value.span)
        default:
            reporter.report(.invalidPrincipalFormat, at: value.span, "\(member.key) must be \"*\" or an object, not \(value.typeDescription)")
            return nil
        }
    }

    // MARK: Action / Resource

    mutating func buildPatterns(_ member: JSONMember, isNegated: Bool, missing: IssueCode) -> PatternElement {
        let patterns = strings(member.value, element: member.key, emptyIssue: missing)
        var element = PatternElement(isNegated: isNegated, patterns: patterns, span: member.value.span)
        element.isList = member.value.elements != nil
        return element
    }

    /// The strings of a string-or-list-of-strings element; reports anything else.
    mutating func strings(_ node: JSONNode, element: @autoclosure () -> String, emptyIssue: IssueCode) -> [Located<String>] {
        if case .string(let s) = node.kind { return [Located(s, span: node.span)] }
        var out: [Located<String>] = []
        if case .array(let elements) = node.kind { out.reserveCapacity(elements.count) }
        appendStrings(node, element: element(), emptyIssue: emptyIssue) { out.append(Located($0, span: $1)) }
        return out
    }

    /// Calls `body` with each string of a string-or-list-of-strings element; reports anything else.
    mutating func appendStrings(_ node: JSONNode, element: @autoclosure () -> String, emptyIssue: IssueCode,
                                _ body: (String, SourceSpan) -> Void) {
        switch node.kind {
        case .string(let s):
            body(s, node.span)
        case .array(let elements):
            if elements.isEmpty {
                reporter.report(emptyIssue, at: node.span, "\(element()) is an empty list")
            }
            for e in elements {
                if case .string(let s) = e.kind {
                    body(s, e.span)
                } else {
                    reporter.report(.invalidElementType, at: e.span, "each entry of \(element()) must be a string, not \(e.typeDescription)")
                }
            }
        default:
            reporter.report(.invalidElementType, at: node.span, "\(element()) must be a string or a list of strings, not \(node.typeDescription)")
        }
    }

    // MARK: Condition

    mutating func buildCondition(_ node: JSONNode) -> ConditionBlock? {
        guard let operators = node.members else {
            reporter.report(.invalidElementType, at: node.span, "Condition must be an object of operators, not \(node.typeDescription)")
            return nil
        }
        // One allocation for every clause (reserving per operator would regrow once per operator).
        var clauseCount = 0
        for opMember in operators {
            if case .object(let keys) = opMember.value.kind { clauseCount += keys.count }
        }
        var clauses: [ConditionClause] = []
        clauses.reserveCapacity(clauseCount)
        for opMember in operators {
            guard let op = ConditionOperator.known[opMember.key] else {
                if let base = ConditionOperatorBase(rawValue: String(opMember.key.split(separator: ":").last ?? "").replacingOccurrences(of: "IfExists", with: "")),
                   base == .null, opMember.key.hasSuffix("IfExists") {
                    reporter.report(.nullWithIfExists, at: opMember.keySpan, "the Null operator takes no IfExists suffix")
                } else {
                    reporter.report(.invalidConditionOperator, at: opMember.keySpan, ConditionOperatorDiagnosis.message(for: opMember.key))
                }
                continue
            }
            guard let keys = opMember.value.members else {
                reporter.report(.invalidElementType, at: opMember.value.span,
                                "the value of condition operator \(opMember.key) must be an object of condition keys, not \(opMember.value.typeDescription)")
                continue
            }
            if keys.isEmpty {
                reporter.report(.emptyElement, at: opMember.value.span, "condition operator \(opMember.key) has no condition keys")
            }
            // Few keys (the usual case): a backwards scan without lower-cased copies; many: a table.
            let scan = keys.count <= 16
            var seen: [String: String] = [:]
            for (i, keyMember) in keys.enumerated() {
                let previous: String?
                if scan {
                    previous = i == 0 ? nil : keys[..<i].last(where: { Self.equalIgnoringCase($0.key, keyMember.key) })?.key
                } else {
                    let lower = keyMember.key.lowercased()
                    previous = seen[lower]
                    seen[lower] = keyMember.key
                }
                if let previous, previous != keyMember.key {
                    reporter.report(.duplicateKeysWithDifferentCase, at: keyMember.keySpan,
                                    "condition keys '\(previous)' and '\(keyMember.key)' differ only in case; condition keys are case-insensitive, so combine them")
                }
                let values = conditionValues(keyMember.value, op: opMember.key, key: keyMember.key)
                clauses.append(ConditionClause(op: Located(op, span: opMember.keySpan), key: Located(keyMember.key, span: keyMember.keySpan),
                                               values: values, valuesSpan: keyMember.value.span))
            }
        }
        return ConditionBlock(clauses: clauses, span: node.span)
    }

    mutating func conditionValues(_ node: JSONNode, op: String, key: String) -> [Located<ConditionValue>] {
        func scalar(_ n: JSONNode) -> Located<ConditionValue>? {
            switch n.kind {
            case .string(let s): return Located(ConditionValue(text: s, jsonType: .string), span: n.span)
            case .number(let s): return Located(ConditionValue(text: s, jsonType: .number), span: n.span)
            case .bool(let b): return Located(ConditionValue(text: b ? "true" : "false", jsonType: .bool), span: n.span)
            default: return nil
            }
        }
        if let v = scalar(node) { return [v] }
        guard let elements = node.elements else {
            reporter.report(.invalidElementType, at: node.span,
                            "the value of condition key '\(key)' must be a string, number, boolean or a list of them, not \(node.typeDescription)")
            return []
        }
        var out: [Located<ConditionValue>] = []
        out.reserveCapacity(elements.count)
        for e in elements {
            if let v = scalar(e) {
                out.append(v)
            } else {
                reporter.report(.invalidElementType, at: e.span, "each value of condition key '\(key)' must be a string, number or boolean, not \(e.typeDescription)")
            }
        }
        return out
    }

    // MARK: Duplicate keys

    /// AWS rejects a policy with the same key twice in one object, at any depth.
    mutating func reportDuplicateKeys(in node: JSONNode) {
        switch node.kind {
        case .object(let members):
            if members.count > 1 {
                if members.count <= 16 {
                    for i in 1..<members.count {
                        if let first = members[..<i].first(where: { $0.key == members[i].key }) {
                            reportDuplicate(members[i], first: first)
                        }
                    }
                } else {
                    var seen: [String: JSONMember] = [:]
                    for m in members {
                        if let first = seen[m.key] { reportDuplicate(m, first: first) } else { seen[m.key] = m }
                    }
                }
            }
            for m in members { reportDuplicateKeys(in: m.value) }
        case .array(let elements):
            for e in elements { reportDuplicateKeys(in: e) }
        default:
            break
        }
    }

    mutating func reportDuplicate(_ member: JSONMember, first: JSONMember) {
        reporter.report(.duplicateKey, at: member.keySpan,
                        "duplicate key '\(member.key)' (first at line \(first.keySpan.start.line), column \(first.keySpan.start.column)); AWS rejects policies with duplicate keys")
    }

    /// `a.lowercased() == b.lowercased()`, without allocating when both are ASCII.
    static func equalIgnoringCase(_ a: String, _ b: String) -> Bool {
        let x = a.utf8, y = b.utf8
        if x.allSatisfy({ $0 < 0x80 }) && y.allSatisfy({ $0 < 0x80 }) {
            guard x.count == y.count else { return false }
            return x.elementsEqual(y) { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == ($1 >= 0x41 && $1 <= 0x5A ? $1 | 0x20 : $1) }
        }
        return a.lowercased() == b.lowercased()
    }

    func first(_ key: String, in members: [JSONMember]) -> JSONMember? {
        members.first { $0.key == key }
    }
}

/// The type keys of a `Principal` object, without a closure per key.
enum PrincipalKeyKind {
    case aws, service, federated, canonicalUser, unknown

    func entry(_ text: String) -> PrincipalEntry {
        switch self {
        case .aws: .aws(text)
        case .service: .service(text)
        case .federated: .federated(text)
        case .canonicalUser: .canonicalUser(text)
        case .unknown: .aws(text)
        }
    }
}
