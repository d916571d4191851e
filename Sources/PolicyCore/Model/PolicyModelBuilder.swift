/// Builds a `PolicyDocument` straight from the policy's bytes, one JSON member at a time, reporting
/// every structural problem (wrong JSON types, unknown or conflicting elements, missing required
/// elements, duplicate keys) as a finding.
///
/// It reads with the same `JSONScanner` steps as the tree parser, so it accepts and rejects exactly
/// the same text, but it builds no `JSONNode` tree: element names are compared as bytes and only
/// what the model keeps becomes a `String`. Values of an unexpected type are read into a `JSONNode`
/// just to describe them in the finding. That makes building the model about twice as fast as
/// building a tree and walking it, and most policies are read for their model only.
///
/// It keeps going after a structural error so one run shows every problem. Statements whose `Effect`
/// is missing or invalid cannot mean anything (AWS rejects the whole policy) and are left out of the
/// model; their other problems are still reported. Findings come out without JSON paths and
/// statement attribution; `PolicyParser` adds those from a tree when there are findings.
struct PolicyModelBuilder {
    typealias Key = JSONScanner.Key

    let kind: PolicyKind
    var scanner: JSONScanner
    var reporter: FindingReporter
    /// The keys of the objects being read, innermost last, for finding repeated keys: entries below
    /// `keyCount` are live; the ones above are left from closed objects and overwritten (so closing
    /// an object costs nothing).
    var keyStack: [Key] = []
    var keyCount = 0

    init(kind: PolicyKind, scanner: JSONScanner, file: String) {
        self.kind = kind
        self.scanner = scanner
        self.reporter = FindingReporter(file: file, root: nil)
        keyStack.reserveCapacity(32)
    }


    /// Reads a whole document (nothing but whitespace may follow it).
    mutating func buildDocument() throws(JSONSyntaxError) -> PolicyDocument? {
        try scanner.beginDocument()
        let document = try buildPolicy(depth: 1)
        try scanner.endDocument()
        reportDuplicatesInGenericValues()
        return document
    }

    /// Reads one policy value where the scanner stands (a policy embedded in a larger document).
    mutating func buildEmbedded(depth: Int) throws(JSONSyntaxError) -> PolicyDocument? {
        let document = try buildPolicy(depth: depth)
        reportDuplicatesInGenericValues()
        return document
    }

    // MARK: Document

    mutating func buildPolicy(depth: Int) throws(JSONSyntaxError) -> PolicyDocument? {
        let start = scanner.here
        guard scanner.nextByte == UInt8(ascii: "{") else {
            let node = try scanner.parseValue(depth: depth)
            reporter.report(.jsonSyntaxError, at: node.span, "a policy must be a JSON object, not \(node.typeDescription)")
            return nil
        }
        var version: Located<PolicyVersion>?
        var id: Located<String>?
        var sawVersion = false
        var sawStatement = false
        var statements: [Statement] = []
        var statementSpan: SourceSpan?
        var statementsAreListed = true

        try readObject(depth: depth) { builder, key throws(JSONSyntaxError) in
            switch DocumentElementName(key) {
            case .version:
                sawVersion = true
                guard let text = try builder.readString(depth: depth + 1, issue: .invalidVersion,
                                                        orReport: { "Version must be a string (\"2012-10-17\"), not \($0)" }) else { return }
                if let v = PolicyVersion(exactly: text.value) {
                    version = Located(v, span: text.span)
                } else {
                    builder.reporter.report(.invalidVersion, at: text.span, "Version '\(text.value)' is not valid; use \"2012-10-17\" (or the older \"2008-10-17\")",
                                            remediation: "\"Version\": \"2012-10-17\"")
                }
            case .id:
                if let text = try builder.readString(depth: depth + 1, orReport: { "Id must be a string, not \($0)" }) {
                    id = text
                }
            case .statement where !sawStatement:
                sawStatement = true
                (statements, statementSpan, statementsAreListed) = try builder.buildStatements(depth: depth + 1)
            case .statement:
                // Only the first `Statement` counts (a repeated one is reported as a duplicate key).
                _ = try builder.scanner.parseValue(depth: depth + 1)
            case nil:
                builder.reportUnknownElement(key, known: DocumentElementName.names, level: "the policy")
                _ = try builder.scanner.parseValue(depth: depth + 1)
            }
        }
        let span = SourceSpan(start: start, end: scanner.here)
        if !sawVersion {
            reporter.report(.missingVersion, at: SourceSpan(at: start),
                            "the policy has no Version, so AWS reads it as 2008-10-17, where policy variables are plain text",
                            remediation: "add \"Version\": \"2012-10-17\" as the first element")
        }
        if !sawStatement {
            reporter.report(.missingStatement, at: SourceSpan(at: start), "the policy has no Statement element")
        }
        var document = PolicyDocument(version: version, id: id, statements: statements, span: span, statementSpan: statementSpan)
        document.statementsAreListed = statementsAreListed
        return document
    }

    /// The `Statement` value: one statement object or a list of them.
    mutating func buildStatements(depth: Int) throws(JSONSyntaxError) -> ([Statement], SourceSpan, Bool) {
        let start = scanner.here
        switch scanner.nextByte {
        case UInt8(ascii: "{"):
            var statements: [Statement] = []
            try buildStatement(index: 0, listed: false, depth: depth, into: &statements)
            return (statements, SourceSpan(start: start, end: scanner.here), false)
        case UInt8(ascii: "["):
            var statements: [Statement] = []
            var index = 0
            if try scanner.beginArray(depth: depth) {
                statements.reserveCapacity(4)
                repeat {
                    if scanner.nextByte == UInt8(ascii: "{") {
                        try buildStatement(index: index, listed: true, depth: depth + 1, into: &statements)
                    } else {
                        let node = try scanner.parseValue(depth: depth + 1)
                        reporter.report(.invalidElementType, at: node.span, "each statement must be a JSON object, not \(node.typeDescription)")
                    }
                    index += 1
                } while try scanner.nextElement()
            }
            let span = SourceSpan(start: start, end: scanner.here)
            if index == 0 {
                reporter.report(.missingStatement, at: span, "Statement is an empty list; a policy needs at least one statement")
            }
            return (statements, span, true)
        default:
            let node = try scanner.parseValue(depth: depth)
            reporter.report(.invalidElementType, at: node.span, "Statement must be an object or a list of objects, not \(node.typeDescription)")
            return ([], node.span, false)
        }
    }

    // MARK: Statement

    /// Reads one statement object and appends it to `statements` (built in place, not copied) unless
    /// its Effect is missing or invalid.
    mutating func buildStatement(index: Int, listed: Bool, depth: Int, into statements: inout [Statement]) throws(JSONSyntaxError) {
        let start = scanner.here
        var sid: Located<String>?
        var effect: Located<Effect>?
        var principal: PrincipalElement?
        var action: PatternElement?
        var resource: PatternElement?
        var condition: ConditionBlock?
        var sawEffect = false
        var sawAction = false
        let valueDepth = depth + 1

        try readObject(depth: depth) { builder, key throws(JSONSyntaxError) in
            let element = StatementElementName(key)
            switch element {
            case .sid:
                if let text = try builder.readString(depth: valueDepth, orReport: { "Sid must be a string, not \($0)" }) { sid = text }
            case .effect:
                sawEffect = true
                guard let text = try builder.readString(depth: valueDepth, issue: .invalidEffect,
                                                        orReport: { "Effect must be the string \"Allow\" or \"Deny\", not \($0)" }) else { return }
                if let e = Effect(exactly: text.value) {
                    effect = Located(e, span: text.span)
                } else {
                    let hint = Effect(rawValue: text.value.prefix(1).uppercased() + text.value.dropFirst().lowercased())
                        .map { " (Effect is case-sensitive: write \"\($0.rawValue)\")" } ?? ""
                    builder.reporter.report(.invalidEffect, at: text.span, "Effect '\(text.value)' is not valid; use \"Allow\" or \"Deny\"\(hint)")
                }
            case .principal, .notPrincipal:
                let built = try builder.buildPrincipal(isNegated: element == .notPrincipal, depth: valueDepth)
                builder.keepFirst(built, in: &principal, from: key) { $0.isNegated ? "NotPrincipal" : "Principal" }
            case .action, .notAction:
                sawAction = true
                let built = try builder.buildPatterns(key, isNegated: element == .notAction, missing: .missingAction, depth: valueDepth)
                builder.keepFirst(built, in: &action, from: key) { $0.isNegated ? "NotAction" : "Action" }
            case .resource, .notResource:
                let built = try builder.buildPatterns(key, isNegated: element == .notResource, missing: .missingResource, depth: valueDepth)
                builder.keepFirst(built, in: &resource, from: key) { $0.isNegated ? "NotResource" : "Resource" }
            case .condition:
                condition = try builder.buildCondition(depth: valueDepth)
            case nil:
                builder.reportUnknownElement(key, known: StatementElementName.names, level: "a statement")
                _ = try builder.scanner.parseValue(depth: valueDepth)
            }
        }

        let at = SourceSpan(at: start)
        if !sawEffect {
            reporter.report(.missingEffect, at: at, "the statement has no Effect; add \"Effect\": \"Allow\" or \"Deny\"")
        }
        if !sawAction {
            reporter.report(.missingAction, at: at, "the statement has no Action or NotAction")
        }
        guard let effect else { return }
        statements.append(Statement(index: index, sid: sid, effect: effect, principal: principal, action: action, resource: resource,
                                    condition: condition, span: SourceSpan(start: start, end: scanner.here), isListed: listed))
    }

    /// Keeps the first of a pair that cannot be combined (`Action`/`NotAction`, …). The second is
    /// still built, so its own problems are reported, but only the combination error is added.
    mutating func keepFirst<Element>(_ element: Element?, in slot: inout Element?, from key: Key, name: (Element) -> String) {
        if let existing = slot {
            reportCombination(name(existing), key)
        } else {
            slot = element
        }
    }

    mutating func reportCombination(_ first: String, _ second: Key) {
        let secondName = second.string
        // The same key twice is already reported as DUPLICATE_KEY.
        guard first != secondName else { return }
        reporter.report(.unsupportedElementCombination, at: second.span, "\(first) and \(secondName) cannot be used in the same statement")
    }

    mutating func reportUnknownElement(_ key: Key, known: [String], level: String) {
        let name = key.string
        if let match = known.first(where: { $0.lowercased() == name.lowercased() }) {
            reporter.report(.invalidPolicyElement, at: key.span, "'\(name)' is not a valid element of \(level); element names are case-sensitive: write '\(match)'")
        } else {
            reporter.report(.invalidPolicyElement, at: key.span, "'\(name)' is not a valid element of \(level) (valid: \(known.joined(separator: ", ")))")
        }
    }

    // MARK: Principal

    mutating func buildPrincipal(isNegated: Bool, depth: Int) throws(JSONSyntaxError) -> PrincipalElement? {
        let elementName = isNegated ? "NotPrincipal" : "Principal"
        let start = scanner.here
        switch scanner.nextByte {
        case UInt8(ascii: "\""):
            let s = try scanner.parseString()
            let span = SourceSpan(start: start, end: scanner.here)
            if s == "*" {
                return PrincipalElement(isNegated: isNegated, entries: [Located(.everyone, span: span)], span: span)
            }
            reporter.report(.invalidPrincipalFormat, at: span,
                            "\(elementName) must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::123456789012:root\"}; a bare string '\(s)' is not valid",
                            remediation: "\"\(elementName)\": {\"AWS\": \"\(s)\"}")
            return nil
        case UInt8(ascii: "{"):
            var entries: [Located<PrincipalEntry>] = []
            var sawKey = false
            try readObject(depth: depth) { builder, typeKey throws(JSONSyntaxError) in
                sawKey = true
                guard let type = PrincipalKeyKind(typeKey) else {
                    let name = typeKey.string
                    let hint = PrincipalKeyKind.names.first { $0.lowercased() == name.lowercased() }.map { "; keys are case-sensitive: write '\($0)'" }
                        ?? " (valid: \(PrincipalKeyKind.names.joined(separator: ", ")))"
                    builder.reporter.report(.invalidPrincipalKey, at: typeKey.span, "'\(name)' is not a principal type\(hint)")
                    _ = try builder.scanner.parseValue(depth: depth + 1)
                    return
                }
                // The element name is only formatted when something is reported.
                try builder.readStrings(depth: depth + 1, element: "\(elementName).\(typeKey.string)", emptyIssue: .missingPrincipal) { text, span in
                    entries.append(Located(type.entry(text), span: span))
                }
            }
            let span = SourceSpan(start: start, end: scanner.here)
            if !sawKey {
                reporter.report(.missingPrincipal, at: span, "\(elementName) is an empty object; name at least one principal")
                return nil
            }
            return PrincipalElement(isNegated: isNegated, entries: entries, span: span)
        default:
            let node = try scanner.parseValue(depth: depth)
            reporter.report(.invalidPrincipalFormat, at: node.span, "\(elementName) must be \"*\" or an object, not \(node.typeDescription)")
            return nil
        }
    }

    // MARK: Action / Resource

    mutating func buildPatterns(_ key: Key, isNegated: Bool, missing: RuleDescriptor, depth: Int) throws(JSONSyntaxError) -> PatternElement {
        let start = scanner.here
        let isList = scanner.nextByte == UInt8(ascii: "[")
        var patterns: [Located<String>] = []
        if isList { patterns.reserveCapacity(8) }
        try readStrings(depth: depth, element: key.string, emptyIssue: missing) { patterns.append(Located($0, span: $1)) }
        var element = PatternElement(isNegated: isNegated, patterns: patterns, span: SourceSpan(start: start, end: scanner.here))
        element.isList = isList
        return element
    }

    /// Reads a string-or-list-of-strings value, calling `body` with each string; reports anything else.
    mutating func readStrings(depth: Int, element: @autoclosure () -> String, emptyIssue: RuleDescriptor,
                              _ body: (String, SourceSpan) -> Void) throws(JSONSyntaxError) {
        let start = scanner.here
        switch scanner.nextByte {
        case UInt8(ascii: "\""):
            let s = try scanner.parseString()
            body(s, SourceSpan(start: start, end: scanner.here))
        case UInt8(ascii: "["):
            var count = 0
            if try scanner.beginArray(depth: depth) {
                repeat {
                    count += 1
                    let elementStart = scanner.here
                    if scanner.nextByte == UInt8(ascii: "\"") {
                        let s = try scanner.parseString()
                        body(s, SourceSpan(start: elementStart, end: scanner.here))
                    } else {
                        let node = try scanner.parseValue(depth: depth + 1)
                        reporter.report(.invalidElementType, at: node.span, "each entry of \(element()) must be a string, not \(node.typeDescription)")
                    }
                } while try scanner.nextElement()
            }
            if count == 0 {
                reporter.report(emptyIssue, at: SourceSpan(start: start, end: scanner.here), "\(element()) is an empty list")
            }
        default:
            let node = try scanner.parseValue(depth: depth)
            reporter.report(.invalidElementType, at: node.span, "\(element()) must be a string or a list of strings, not \(node.typeDescription)")
        }
    }

    /// Reads a string value; anything else is reported as `issue` with `message(type of the value)`.
    mutating func readString(depth: Int, issue: RuleDescriptor = .invalidElementType, orReport message: (String) -> String) throws(JSONSyntaxError) -> Located<String>? {
        let start = scanner.here
        guard scanner.nextByte == UInt8(ascii: "\"") else {
            let node = try scanner.parseValue(depth: depth)
            reporter.report(issue, at: node.span, message(node.typeDescription))
            return nil
        }
        let text = try scanner.parseString()
        return Located(text, span: SourceSpan(start: start, end: scanner.here))
    }

    // MARK: Condition

    mutating func buildCondition(depth: Int) throws(JSONSyntaxError) -> ConditionBlock? {
        let start = scanner.here
        guard scanner.nextByte == UInt8(ascii: "{") else {
            let node = try scanner.parseValue(depth: depth)
            reporter.report(.invalidElementType, at: node.span, "Condition must be an object of operators, not \(node.typeDescription)")
            return nil
        }
        var clauses: [ConditionClause] = []
        clauses.reserveCapacity(4)
        try readObject(depth: depth) { builder, opKey throws(JSONSyntaxError) in
            let opName = opKey.string
            guard let op = ConditionOperator.known[opName] else {
                if let base = ConditionOperatorBase(rawValue: String(opName.split(separator: ":").last ?? "").replacingOccurrences(of: "IfExists", with: "")),
                   base == .null, opName.hasSuffix("IfExists") {
                    builder.reporter.report(.nullWithIfExists, at: opKey.span, "the Null operator takes no IfExists suffix")
                } else {
                    builder.reporter.report(.invalidConditionOperator, at: opKey.span, ConditionOperatorDiagnosis.message(for: opName))
                }
                _ = try builder.scanner.parseValue(depth: depth + 1)
                return
            }
            let keysStart = builder.scanner.here
            guard builder.scanner.nextByte == UInt8(ascii: "{") else {
                let node = try builder.scanner.parseValue(depth: depth + 1)
                builder.reporter.report(.invalidElementType, at: node.span,
                                        "the value of condition operator \(opName) must be an object of condition keys, not \(node.typeDescription)")
                return
            }
            let located = Located(op, span: opKey.span)
            let firstClause = clauses.count
            try builder.readObject(depth: depth + 1) { builder, conditionKey throws(JSONSyntaxError) in
                let keyName = conditionKey.string
                // Condition keys are case-insensitive: the same key in another case is a mistake.
                if let previous = clauses[firstClause...].last(where: { equalIgnoringCase($0.key.value, keyName) })?.key.value, previous != keyName {
                    builder.reporter.report(.duplicateKeysWithDifferentCase, at: conditionKey.span,
                                            "condition keys '\(previous)' and '\(keyName)' differ only in case; condition keys are case-insensitive, so combine them")
                }
                let valuesStart = builder.scanner.here
                let values = try builder.conditionValues(depth: depth + 2, op: opName, key: keyName)
                clauses.append(ConditionClause(op: located, key: Located(keyName, span: conditionKey.span),
                                               values: values, valuesSpan: SourceSpan(start: valuesStart, end: builder.scanner.here)))
            }
            if clauses.count == firstClause {
                builder.reporter.report(.emptyElement, at: SourceSpan(start: keysStart, end: builder.scanner.here), "condition operator \(opName) has no condition keys")
            }
        }
        return ConditionBlock(clauses: clauses, span: SourceSpan(start: start, end: scanner.here))
    }

    mutating func conditionValues(depth: Int, op: String, key: String) throws(JSONSyntaxError) -> [Located<ConditionValue>] {
        if scanner.nextByte != UInt8(ascii: "[") {
            switch try conditionValue(depth: depth) {
            case .scalar(let value):
                return [value]
            case .other(let node):
                reporter.report(.invalidElementType, at: node.span,
                                "the value of condition key '\(key)' must be a string, number, boolean or a list of them, not \(node.typeDescription)")
                return []
            }
        }
        var out: [Located<ConditionValue>] = []
        if try scanner.beginArray(depth: depth) {
            out.reserveCapacity(4)
            repeat {
                switch try conditionValue(depth: depth + 1) {
                case .scalar(let value):
                    out.append(value)
                case .other(let node):
                    reporter.report(.invalidElementType, at: node.span,
                                    "each value of condition key '\(key)' must be a string, number or boolean, not \(node.typeDescription)")
                }
            } while try scanner.nextElement()
        }
        return out
    }

    enum ConditionValueRead {
        case scalar(Located<ConditionValue>)
        /// Not a string, number or boolean: the value, to describe it.
        case other(JSONNode)
    }

    /// One condition value: a string, number or boolean, or what was there instead.
    mutating func conditionValue(depth: Int) throws(JSONSyntaxError) -> ConditionValueRead {
        let start = scanner.here
        if scanner.nextByte == UInt8(ascii: "\"") {
            let s = try scanner.parseString()
            return .scalar(Located(ConditionValue(text: s, jsonType: .string), span: SourceSpan(start: start, end: scanner.here)))
        }
        let node = try scanner.parseValue(depth: depth)
        switch node.kind {
        case .number(let s): return .scalar(Located(ConditionValue(text: s, jsonType: .number), span: node.span))
        case .bool(let b): return .scalar(Located(ConditionValue(text: b ? "true" : "false", jsonType: .bool), span: node.span))
        default: return .other(node)
        }
    }

    // MARK: Objects and duplicate keys

    /// Reads an object member by member, reporting repeated keys; `body` reads each member's value.
    mutating func readObject(depth: Int, _ body: (inout PolicyModelBuilder, Key) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
        guard try scanner.beginObject(depth: depth) else { return }
        let base = keyCount
        defer { keyCount = base }
        repeat {
            let key = try scanner.memberKey()
            if let first = keyStack[base..<keyCount].first(where: { $0.matches(key) }) {
                reportDuplicate(key.string, at: key.span, first: first.span)
            }
            if keyCount < keyStack.count { keyStack[keyCount] = key } else { keyStack.append(key) }
            keyCount += 1
            try body(&self, key)
        } while try scanner.nextMember()
    }

    /// AWS rejects a policy with the same key twice in one object, at any depth: the objects read
    /// as plain JSON (values of unexpected types) are checked by the scanner.
    mutating func reportDuplicatesInGenericValues() {
        for (repeated, first) in scanner.duplicateKeys {
            reportDuplicate(repeated.key, at: repeated.keySpan, first: first.keySpan)
        }
    }

    mutating func reportDuplicate(_ key: String, at span: SourceSpan, first: SourceSpan) {
        reporter.report(.duplicateKey, at: span,
                        "duplicate key '\(key)' (first at line \(first.start.line), column \(first.start.column)); AWS rejects policies with duplicate keys")
    }
}

/// The element names of a policy, matched against keys as bytes (no `String` is made). The cases
/// are in the order error messages list them.
protocol PolicyElementName: RawRepresentable<String>, CaseIterable {}

extension PolicyElementName {
    init?(_ key: JSONScanner.Key) {
        for name in Self.allCases where key.matches(name.rawValue) {
            self = name
            return
        }
        return nil
    }

    static var names: [String] { allCases.map(\.rawValue) }
}

enum DocumentElementName: String, PolicyElementName {
    case version = "Version", id = "Id", statement = "Statement"
}

enum StatementElementName: String, PolicyElementName {
    case sid = "Sid", effect = "Effect", principal = "Principal", notPrincipal = "NotPrincipal", action = "Action",
         notAction = "NotAction", resource = "Resource", notResource = "NotResource", condition = "Condition"
}

/// The type keys of a `Principal` object.
enum PrincipalKeyKind: String, PolicyElementName {
    case aws = "AWS", service = "Service", federated = "Federated", canonicalUser = "CanonicalUser"

    func entry(_ text: String) -> PrincipalEntry {
        switch self {
        case .aws: .aws(text)
        case .service: .service(text)
        case .federated: .federated(text)
        case .canonicalUser: .canonicalUser(text)
        }
    }
}

extension PolicyVersion {
    /// `init(rawValue:)` without the generic string switch: the parser hands out the interned
    /// strings, whose comparison is one word when equal.
    init?(exactly text: String) {
        if text == "2012-10-17" { self = .v2012_10_17 } else if text == "2008-10-17" { self = .v2008_10_17 } else { return nil }
    }
}

extension Effect {
    /// `init(rawValue:)` without the generic string switch (see `PolicyVersion.init(exactly:)`).
    init?(exactly text: String) {
        if text == "Allow" { self = .allow } else if text == "Deny" { self = .deny } else { return nil }
    }
}
