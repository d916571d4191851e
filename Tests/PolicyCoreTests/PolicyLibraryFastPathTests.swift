import XCTest
@testable import PolicyCore

/// The byte-level paths that parsing and compiling a policy take (decision forms written as bytes,
/// wildcard patterns made straight from their bytes, the catalog's exact full-name table, byte scans
/// for `${` and wildcards) give exactly what the step-by-step definitions give, on hostile text:
/// escapes, control characters, non-ASCII, canonically equivalent Unicode, repeats, odd wildcards.
final class PolicyLibraryFastPathTests: XCTestCase {
    /// Texts that every fast path must treat as its definition does.
    static let hostileTexts: [String] = [
        "", "*", "?", "**", "*?", "?*", "a*", "*a", "a*b", "a?b", "A*", "ECR:Get*", "ecr:GetAuthorizationToken", "ecr:*",
        "arn:aws:ecr:us-east-1:123456789012:repository/team1/*", "arn:aws:ecr:*:*:repository/?", "$", "${", "$${", "{$", "$ {",
        "${aws:username}", "a${b}c*", "é", "É*", "ÉCR:Get", "e\u{301}*", "\u{212A}ey*", "ﬃ", "İ*", "ß?", "\u{0}", "\u{1F}${", "tab\there*",
        "quote\"back\\slash*", "line\nbreak", "日本語*", "🙂?", "x\u{200B}*y", String(repeating: "a", count: 300) + "*",
    ]

    // MARK: The tree recorded while the model is built

    /// Policies of every shape the model builder reads differently: valid ones, values of wrong
    /// types at each element, unknown elements with deep values, duplicate keys at several depths,
    /// empty objects and lists, escapes and non-ASCII in keys and values, numbers and literals,
    /// whitespace variants, and top-level values that are not objects.
    static let recordedTexts: [String] = {
        let deep = String(repeating: "[{\"k\": ", count: 29) + "1" + String(repeating: "}]", count: 29)
        return [
            #"{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": "ecr:BatchGetImage", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1", "o-2"]}, "Bool": {"aws:SecureTransport": true}, "NumericLessThan": {"aws:MultiFactorAuthAge": -1.5E+3}}}]}"#,
            #"{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "NotAction": [], "NotResource": []}}"#,
            #"{"Version": "2012-10-17", "Statement": []}"#, "{}", "[]", "\"text\"", "12", "-0.5e-7", "true", "false", "null", " \r\n\t{ } \n",
            #"{"Version": 2012, "Id": ["x"], "Statement": "nope"}"#,
            #"{"Statement": [1, "two", null, [], {}, {"Effect": {"Allow": true}, "Principal": 5, "Action": {"a": [1, {"b": null}]}, "Resource": [1, true], "Condition": [{}]}]}"#,
            #"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": [], "Service": [1], "Bogus": {"x": [1, 2]}, "aws": "x"}, "Action": ["ecr:*", 3, {"k": "v"}]}]}"#,
            #"{"Statement": [{"Effect": "Allow", "Condition": {"StringEquals": {"k": {"nested": [1, 2]}, "K": [[], {}]}, "Bogus": {"k": "v"}, "StringLike": [], "StringNotEquals": {}}}]}"#,
            #"{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Effect": "Deny", "Sid": "a", "Sid": "b", "Unknown": {"a": 1, "a": {"b": 2, "b": 3}}}], "Statement": {"x": {"y": 1, "y": 2}}}"#,
            #"{"Statement": [{"Effect": "Allow", "Action": "a", "NotAction": "b", "Principal": "*", "NotPrincipal": "*", "Resource": "r", "NotResource": "s", "Condition": {"Bool": {"k": ["true", "false", 1, null]}}}]}"#,
            #"{"Ver\u0073ion": "2012-10-17", "Statement": [{"Eff\u0065ct": "Allow", "Action": "ecr:Get\u00e9\ud83d\ude42", "Resource": "caf\u0065\u0301 \"q\" \\ \/ \b\f\n\r\t", "Condition": {"StringEquals": {"k\u0000ey": "v\u001f"}}}]}"#,
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecr:Get\", \"Resource\": \"日本語 🙂 é\", \"Sid\": \"ÉÈ\"}], \"Id\": \"ｉｄ\"}",
            "{\r\n        \"Statement\":\r\n                [\t{ \"Effect\" :\"Allow\" ,\"Action\"\n:\n\"x\"\n}\n]\r}",
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"a\", \"Deep\": \(deep)}], \"Extra\": \(deep)}",
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"a\", \"Condition\": {\"NumericEquals\": {\"k\": [0, -0, 1e5, 1.0E-5, 123456789012345678901234567890]}}}]}",
        ]
    }()

    /// The tree `PolicyParser.parse` returns (recorded during the model's scan) is the tree
    /// `JSONParser.parse` builds from the same text, node for node and span for span.
    func testRecordedTreeEqualsTheParsedTree() throws {
        for text in Self.recordedTexts {
            for interns in [false, true] {
                var bytes = text
                let parsed = try bytes.withUTF8 { try JSONParser.parse($0, internsPolicyWords: interns) }
                for kind in [PolicyKind.repository, .identity] {
                    let result = PolicyParser.parse(text, kind: kind, file: "f.json", internsPolicyWords: interns)
                    XCTAssertEqual(result.root, parsed, "\(text) interns: \(interns)")
                    // `==` on strings is canonical equivalence: the bytes must be the same too.
                    XCTAssertEqual(result.root.map(Self.byteOutline), Self.byteOutline(parsed), "\(text) interns: \(interns)")
                }
            }
        }
    }

    /// A tree's kinds, spans, keys and string values with the strings as UTF-8 bytes.
    static func byteOutline(_ node: JSONNode) -> String {
        func bytes(_ text: String) -> String { text.utf8.map { String($0, radix: 16) }.joined(separator: ".") }
        let here = "\(node.span)"
        switch node.kind {
        case .null: return here + " null"
        case .bool(let value): return here + " \(value)"
        case .number(let text): return here + " n" + bytes(text)
        case .string(let text): return here + " s" + bytes(text)
        case .array(let elements): return here + " [" + elements.map(byteOutline).joined(separator: ",") + "]"
        case .object(let members):
            return here + " {" + members.map { "\($0.keySpan) k" + bytes($0.key) + ":" + byteOutline($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// The scan that builds the model records the whole tree itself for every text above (so the
    /// parser does not fall back to a second, tree-building parse, which would hide a recording that
    /// gives up), and the recorded tree is the tree `JSONParser` builds.
    func testTheModelScanRecordsTheWholeTree() throws {
        for text in Self.recordedTexts {
            var bytes = text
            let parsed = try bytes.withUTF8 { try JSONParser.parse($0, internsPolicyWords: false) }
            let recorded = bytes.withUTF8 { buffer -> JSONNode? in
                var scanner = JSONScanner(bytes: buffer, limits: .default, internsPolicyWords: false)
                scanner.recording = TreeRecording()
                var builder = PolicyModelBuilder(kind: .repository, scanner: scanner, file: "f.json")
                _ = try? builder.buildDocument()
                return builder.scanner.recording?.root
            }
            let root = try XCTUnwrap(recorded, "the scan gave up recording: \(text)")
            XCTAssertEqual(Self.byteOutline(root), Self.byteOutline(parsed), text)
        }
    }

    /// A recorded tree keeps no more than one empty slot in any object or array: the six reserved
    /// while reading are given back at the close (a tree lives until the checks are done).
    func testRecordedTreeHoldsNoEmptySlots() throws {
        func spare(_ node: JSONNode) -> [Int] {
            switch node.kind {
            case .array(let elements): [elements.capacity - elements.count] + elements.flatMap(spare)
            case .object(let members): [members.capacity - members.count] + members.flatMap { spare($0.value) }
            default: []
            }
        }
        for text in Self.recordedTexts {
            let root = try XCTUnwrap(PolicyParser.parse(text, kind: .repository, file: "f.json").root, text)
            XCTAssertLessThanOrEqual(spare(root).max() ?? 0, 1, text)
        }
    }

    /// Text that is not JSON still gets the tree parser's message and position, and no tree.
    func testSyntaxErrorsAreReportedAsBefore() {
        let tooDeep = "{\"Statement\": [{\"Effect\": \"Allow\", \"X\": " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}]}"
        for text in [#"{"Statement": [{"Effect": "Allow",}]}"#, #"{"Statement": [1, 2"#, #"{"a": tru}"#, "{\"a\": \"\u{1}\"}", "", "{} {}", tooDeep] {
            let result = PolicyParser.parse(text, kind: .repository, file: "f.json")
            XCTAssertNil(result.root, text)
            XCTAssertEqual(result.findings.map(\.code), [RuleDescriptor.jsonSyntaxError.code], text)
            guard case .failure(let error) = Result(catching: { () throws(JSONSyntaxError) in try JSONParser.parse(text) }) else {
                XCTFail("\(text) parses")
                continue
            }
            XCTAssertEqual(result.findings.first?.message, "invalid JSON: \(error.message)", text)
            XCTAssertEqual(result.findings.first?.span.start, error.position, text)
        }
    }

    // MARK: Wildcard patterns

    /// The tokens of `text` one byte at a time, as the general constructor reads them.
    static func tokens(_ text: String, caseInsensitive: Bool) -> [WildcardPattern.Token] {
        text.utf8.map { b -> WildcardPattern.Token in
            switch b {
            case UInt8(ascii: "*"): .many(crossesColon: true)
            case UInt8(ascii: "?"): .one(crossesColon: true)
            default: .byte(caseInsensitive && b >= 65 && b <= 90 ? b | 0x20 : b)
            }
        }
    }

    func testPatternsMadeFromBytesEqualPatternsMadeFromTokens() {
        for text in Self.hostileTexts {
            for caseInsensitive in [false, true] {
                let fromText = WildcardPattern(text, caseInsensitive: caseInsensitive)
                let fromTokens = WildcardPattern(tokens: Self.tokens(text, caseInsensitive: caseInsensitive), caseInsensitive: caseInsensitive)
                XCTAssertEqual(fromText, fromTokens, "\(text.debugDescription) caseInsensitive: \(caseInsensitive)")
                XCTAssertEqual(fromText.shape, fromTokens.shape, text.debugDescription)
                XCTAssertEqual(fromText.literal, fromTokens.literal, text.debugDescription)
            }
        }
    }

    func testSimpleShapesAreTheOnesTheFastPathTakes() {
        XCTAssertEqual(WildcardPattern("ecr:PutImage", caseInsensitive: true).shape, .exact)
        XCTAssertEqual(WildcardPattern("ecr:Put*", caseInsensitive: true).shape, .prefix)
        XCTAssertEqual(WildcardPattern("*", caseInsensitive: true).shape, .anything)
        XCTAssertEqual(WildcardPattern("", caseInsensitive: true).shape, .exact)
        XCTAssertEqual(WildcardPattern("ecr:P?t*", caseInsensitive: true).shape, .greedy)
        XCTAssertEqual(WildcardPattern("ECR:PUT*", caseInsensitive: true).literal, Array("ecr:put".utf8))
        XCTAssertEqual(WildcardPattern("ECR:PUT*", caseInsensitive: false).literal, Array("ECR:PUT".utf8))
    }

    /// An action matcher skips `lowercased()` for ASCII patterns (the pattern folds ASCII itself).
    func testActionMatcherPatternsEqualLowercasedPatterns() {
        let element = PatternElement(isNegated: false, patterns: Self.hostileTexts.map { Located($0, span: .unknown) }, span: .unknown)
        let matcher = ActionMatcher(element)
        XCTAssertEqual(matcher.patterns, Self.hostileTexts.map { WildcardPattern($0.lowercased(), caseInsensitive: true) })
    }

    // MARK: Byte scans

    func testByteScansAgreeWithTheirDefinitions() {
        for text in Self.hostileTexts + ["x$", "${}", "a$b{", "$\u{301}{"] {
            let bytes = Array(text.utf8)
            let marker = zip(bytes, bytes.dropFirst()).contains { $0 == UInt8(ascii: "$") && $1 == UInt8(ascii: "{") }
            XCTAssertEqual(text.hasVariableMarker, marker, text.debugDescription)
            XCTAssertEqual(text.hasWildcard, bytes.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }, text.debugDescription)
            XCTAssertEqual(text.isASCII, bytes.allSatisfy { $0 < 0x80 }, text.debugDescription)
        }
    }

    func testASCIIColonSearchAgreesWithCharacterSearch() {
        for text in Self.hostileTexts + ["aws:x", ":", "a:\u{301}b:c", "a\r\n:b", "ＡＷＳ：x", "aws\u{301}:x"] {
            for character: Character in [":", "$", "\r", "\n", "é"] {
                XCTAssertEqual(text.firstIndex(ofASCII: character), text.firstIndex(of: character), "\(text.debugDescription) \(character)")
            }
        }
    }

    /// Sids are compared as `String`s (canonical equivalence) in short policies, searched in a list,
    /// as in long ones, looked up in a dictionary.
    func testDuplicateSidsAreFoundAlikeInShortAndLongPolicies() {
        for count in [3, 20] {
            var statements = (0..<count).map { #"{"Sid": "S\#($0)", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}"# }
            statements[0] = #"{"Sid": "caf\u00e9", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}"#
            statements[count - 1] = #"{"Sid": "cafe\u0301", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}"#
            statements[1] = statements[count - 1]
            let text = #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ",\n") + "]}"
            let codes = PolicyParser.parse(text, kind: .repository, file: "f.json").findings.map(\.code)
            XCTAssertEqual(codes.filter { $0 == RuleDescriptor.duplicateSid.code }.count, 2, "\(count) statements: \(codes)")
        }
    }

    // MARK: The catalog's exact full names

    /// What the exact index answered before: the case-insensitive action, kept only when its full
    /// name has exactly the given bytes.
    static func spelledAction(_ name: String, in catalog: ActionCatalog) -> ActionDefinition? {
        guard let definition = catalog.action(name), Array(definition.fullName.utf8) == Array(name.utf8) else { return nil }
        return definition
    }

    func testFullNameIndexIsExactBytes() {
        let catalog = ActionCatalog.shared
        var names: [String] = []
        for service in ["ecr", "ec2", "kms", "s3"] {
            for definition in catalog.actions(ofService: service) {
                let name = definition.fullName
                names += [name, name.uppercased(), name.lowercased(), name + " ", " " + name, name + "*", String(name.dropLast()),
                          name.replacingOccurrences(of: ":", with: "::")]
            }
        }
        names += Self.hostileTexts + ["ecr:", ":PutImage", "ecr", "nosuchservice:PutImage", "ECR:PutImage", "ecr:PutImage:x"]
        for name in names {
            XCTAssertEqual(catalog.actionsByFullName[name], Self.spelledAction(name, in: catalog), name.debugDescription)
        }
        XCTAssertEqual(catalog.actionsByFullName["ecr:PutImage"]?.fullName, "ecr:PutImage")
    }

    /// `String` equality (and hashing) is canonical equivalence: the Kelvin sign U+212A equals `K`,
    /// so a memory keyed by `String` would answer `ec2:Create\u{212A}eyPair` with `ec2:CreateKeyPair`'s
    /// definition. The exact index must not.
    func testFullNameIndexRejectsCanonicallyEquivalentSpellings() {
        let catalog = ActionCatalog.shared
        XCTAssertNotNil(catalog.actionsByFullName["ec2:CreateKeyPair"])
        XCTAssertEqual("ec2:Create\u{212A}eyPair", "ec2:CreateKeyPair", "the premise: String equality folds the Kelvin sign")
        XCTAssertNil(catalog.actionsByFullName["ec2:Create\u{212A}eyPair"])
        XCTAssertNil(catalog.actionsByFullName["ec2:Create\u{212A}eyPair"], "also once remembered")
        XCTAssertNotNil(catalog.actionsByFullName["ec2:CreateKeyPair"], "also once the other spelling is remembered")
        XCTAssertEqual(ExactText("ec2:Create\u{212A}eyPair") == ExactText("ec2:CreateKeyPair"), false)
    }

    /// Remembered answers are the answers: asked twice (the second from memory), every name gives
    /// what the service tables give, found or not.
    func testRememberedAnswersEqualLookedUpAnswers() {
        let catalog = ActionCatalog.shared
        let names = Self.hostileTexts + ["ecr:BatchGetImage", "ECR:BatchGetImage", "ecr:batchgetimage", "ecr:NoSuchAction", "s3:GetObject", "nosuch:Get"]
        for name in names {
            let first = catalog.actionsByFullName[name], second = catalog.actionsByFullName[name]
            XCTAssertEqual(first, second, name.debugDescription)
            XCTAssertEqual(second, Self.spelledAction(name, in: catalog), name.debugDescription)
        }
    }

    // MARK: Decision forms

    /// The decision form as it was first written (strings appended piece by piece), the definition
    /// the byte-level writer must reproduce.
    static func referenceForm(_ document: PolicyDocument, setOfValues: Bool, _ valueText: (ConditionClause, ConditionValue) -> String) -> String {
        func list(_ isNegated: Bool, _ items: [String], into out: inout String) {
            out += isNegated ? "not[" : "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                var bytes: [UInt8] = []
                JSONQuoting.append(item, to: &bytes)
                out += String(decoding: bytes, as: UTF8.self)
            }
            out += "]"
        }
        let forms = document.statements.map { statement -> String in
            var out = "effect " + statement.effect.value.rawValue
            if let principal = statement.principal {
                out += " principal "
                list(principal.isNegated, principal.entries.map(\.value.typedText), into: &out)
            }
            if let action = statement.action {
                out += " action "
                list(action.isNegated, action.patterns.map(\.value), into: &out)
            }
            if let resource = statement.resource {
                out += " resource "
                list(resource.isNegated, resource.patterns.map(\.value), into: &out)
            }
            for clause in statement.condition?.clauses ?? [] {
                let texts = clause.values.map { valueText(clause, $0.value) }
                let values = setOfValues ? Set(texts).sorted() : texts
                out += " condition \(clause.op.value) "
                var key: [UInt8] = []
                JSONQuoting.append(clause.key.value, to: &key)
                out += String(decoding: key, as: UTF8.self)
                out += " "
                list(false, values, into: &out)
            }
            return out
        }
        return "version " + (document.version?.value.rawValue ?? "none") + "\n" + forms.sorted().joined(separator: "\n")
    }

    static let hostilePolicies: [String] = [
        #"""
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "A", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "111122223333", "*"], "Service": "ecr.amazonaws.com",
           "Federated": "cognito-identity.amazonaws.com", "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"},
           "Action": ["ecr:BatchGetImage", "ECR:Put*", "ecr:Get\u00e9", "ecr:\"q\"", "ecr:back\\slash", "ecr:tab\t", "ecr:nul\u0000", "ecr:\ud83d\ude42"],
           "Resource": ["arn:aws:ecr:*:*:repository/\u65e5\u672c", "*"],
           "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1", "O-1", "o-1", "o-\u0001", "e\u0301", "\u00e9"]},
                         "ForAnyValue:StringLike": {"aws:PrincipalTag/t\"eam": ["a*", "${aws:username}", "b?"]},
                         "NumericLessThan": {"aws:MultiFactorAuthAge": [3600, 1.5e3, -0]},
                         "Bool": {"aws:SecureTransport": [true, false, "true"]},
                         "ArnNotEqualsIfExists": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/\u00c9quipe"}}},
          {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "NotAction": "ecr:SetRepositoryPolicy",
           "NotResource": "arn:aws:ecr:us-east-1:111122223333:repository/x"},
          {"Effect": "Allow", "Principal": "*", "Action": "*"},
          {"Effect": "Allow", "Principal": "*", "Action": "*"},
          {"Effect": "Deny", "Principal": {"AWS": "\u00e9\u0301"}, "Action": []}
        ]}
        """#,
        #"{"Statement": {"Effect": "Deny", "Principal": {"AWS": "e\u0301"}, "Action": "ecr:*"}}"#,
        #"{"Version": "2008-10-17", "Statement": []}"#,
    ]

    func testDecisionFormsEqualTheStringDefinition() throws {
        for text in Self.hostilePolicies {
            for kind in [PolicyKind.repository, .identity] {
                let document = try XCTUnwrap(PolicyParser.parseStructure(text, kind: kind, file: "f.json").document, text)
                XCTAssertEqual(Array(document.decisionForm.utf8),
                               Array(Self.referenceForm(document, setOfValues: false) { _, value in "\(value.jsonType.rawValue):\(value.text)" }.utf8), text)
                for known: Set<String> in [[], ["o-1"], ["o-\u{1}", "é"]] {
                    let form = document.decisionForm(canEqualRequestValue: known.contains)
                    let reference = Self.referenceForm(document, setOfValues: true) { clause, value in
                        let family = clause.op.value.base.family
                        let replaceable = (family == .string || family == .arn) && value.jsonType == .string
                            && !value.text.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "$") }
                        if replaceable && !known.contains(value.text.lowercased()) { return "unmatched" }
                        return "\(value.jsonType.rawValue):\(value.text)"
                    }
                    XCTAssertEqual(Array(form.utf8), Array(reference.utf8), text)
                }
            }
        }
    }
}
