import XCTest
import TestSupport
@testable import PolicyCore

/// The model builder reads policy bytes directly, without the `JSONNode` tree. These tests hold it
/// to the tree: the same texts accepted and rejected (with the same error), and for well-formed
/// policies a model that says exactly what the tree says, spans included.
final class ModelReaderTests: XCTestCase {
    static let seeds: [String] = [
        #"""
        {
          "Version": "2012-10-17",
          "Id": "repo",
          "Statement": [
            {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
             "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/r-ab12/ou-é/*"]}}},
            {"Sid": "CIPush", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/ci", "111122223333"], "Service": "codebuild.amazonaws.com"},
             "Action": "ecr:PutImage"},
            {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "NotAction": "ecr:Describe*",
             "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600}, "Bool": {"aws:SecureTransport": false}}}
          ]
        }
        """#,
        #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:*","Resource":["arn:aws:ecr:*:111122223333:repository/${aws:PrincipalTag/team, 'none'}/*","*"]}}"#,
        #"{"Statement":[{"Sid":"a\u0062c","Eff\u0065ct":"Allow","Action":"ecr:Get\u002A","NotResource":"arn:aws:ecr:eu-west-1:111122223333:repository/x"}]}"#,
    ]

    /// The first seed is a repository policy, the others identity policies.
    static func kind(ofSeed index: Int) -> PolicyKind { index == 0 ? .repository : .identity }

    func testTheModelSaysWhatTheTreeSays() throws {
        for (i, seed) in Self.seeds.enumerated() {
            let result = PolicyParser.parse(seed, kind: Self.kind(ofSeed: i), file: "seed.json")
            XCTAssertEqual(result.findings.filter { $0.category == .error }.map(\.code), [], "seed \(i)")
            let tree = try JSONParser.parse(seed)
            let document = try XCTUnwrap(PolicyParser.parseStructure(seed, kind: .repository, file: "seed.json").document)
            XCTAssertEqual(Self.summary(of: document), Self.summary(of: tree), "seed \(i)")
        }
    }

    /// Thousands of mutated policies (bytes deleted, JSON punctuation and literals inserted): the
    /// model reader and the tree parser accept the same ones, report the same syntax error, and
    /// agree on the model of every mutant that is still a well-formed policy.
    func testMutatedPoliciesAgreeWithTheTree() throws {
        var generator = SplitMix64(seed: 0x5EED_0F_90_11C7)
        let insertions = ["\"", ",", "{", "}", "[", "]", ":", "1", "-0.5e3", "true", "null", " ", "\n", "\"x\"", "\\u0041", "\\", "é", "\"Sid\":\"s\","]
        var wellFormed = 0, rejected = 0
        for round in 0..<3000 {
            let kind = Self.kind(ofSeed: round % Self.seeds.count)
            var bytes = Array(Self.seeds[round % Self.seeds.count].utf8)
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let at = Int(generator.next() % UInt64(bytes.count + 1))
                if generator.next() % 2 == 0, at < bytes.count {
                    bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(generator.next() % 3)))
                } else {
                    bytes.insert(contentsOf: Array(insertions[Int(generator.next() % UInt64(insertions.count))].utf8), at: at)
                }
            }
            let structure = bytes.withUnsafeBufferPointer { PolicyParser.parse(buffer: $0, kind: kind, file: "m.json", validate: false) }
            let full = PolicyParser.parse(bytes: bytes, kind: kind, file: "m.json")
            do {
                let tree = try JSONParser.parse(bytes)
                XCTAssertEqual(structure.document != nil, tree.members != nil, "round \(round)")
                if !full.hasErrors, let document = structure.document {
                    wellFormed += 1
                    XCTAssertEqual(Self.summary(of: document), Self.summary(of: tree), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
                }
            } catch {
                rejected += 1
                XCTAssertNil(structure.document, "round \(round)")
                XCTAssertEqual(structure.findings.map(\.code), ["JSON_SYNTAX_ERROR"], "round \(round)")
                XCTAssertEqual(structure.findings.first?.span.start, error.position, "round \(round)")
                XCTAssertEqual(structure.findings.first?.message, "invalid JSON: \(error.message)", "round \(round)")
            }
        }
        // Both kinds of input were exercised.
        XCTAssertGreaterThan(wellFormed, 100)
        XCTAssertGreaterThan(rejected, 1000)
    }

    func testStructuralFindingsCarryPathsAndStatementsWithoutValidation() throws {
        let text = #"{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":7}]}"#
        let result = PolicyParser.parseStructure(text, kind: .identity, file: "p.json")
        let finding = try XCTUnwrap(result.findings.first)
        XCTAssertEqual(finding.code, "INVALID_ELEMENT_TYPE")
        XCTAssertEqual(finding.path, "Statement[0].Action")
        XCTAssertEqual(finding.statementIndex, 0)
        XCTAssertEqual(finding.sid, "A")
        XCTAssertEqual(finding.span.start.column, text.distance(from: text.startIndex, to: text.range(of: "7}")!.lowerBound) + 1)
    }

    func testEmbeddedPolicyPositionsPointIntoTheEnclosingFile() throws {
        let batch = """
        {"cases": [
          {"id": "x",
           "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage",
                       "resource": "arn:aws:ecr:eu-west-1:111122223333:repository/app"},
           "identityPolicies": [{"Version": "2012-10-17",
                                 "Statement": [{"Effect": "Allow", "Action": "ecr:PutImage", "Resource": "*", "Bogus": 1}]}]}
        ]}
        """
        let results = try BatchSimulation.results(Array(batch.utf8), file: "b.json")
        guard results.count == 1, case .error(let error) = results[0].answer else { return XCTFail("\(results)") }
        XCTAssertEqual(results[0].id, "x")
        XCTAssertEqual(error.position.line, 6)
        let line = batch.split(separator: "\n", omittingEmptySubsequences: false)[5]
        XCTAssertEqual(error.position.column, line.distance(from: line.startIndex, to: line.range(of: "\"Bogus\"")!.lowerBound) + 1)
    }

    // MARK: Summaries

    /// Every statement element with its span, as the model holds it.
    static func summary(of document: PolicyDocument) -> [String] {
        var lines = ["version \(document.version.map { "\($0.value.rawValue)@\($0.span)" } ?? "-") id \(document.id.map { "\($0.value)@\($0.span)" } ?? "-") span \(document.span)"]
        for s in document.statements {
            lines.append("statement \(s.index) \(s.span) sid \(s.sid.map { "\($0.value)@\($0.span)" } ?? "-") effect \(s.effect.value.rawValue)@\(s.effect.span)")
            if let p = s.principal {
                lines.append("  \(p.isNegated ? "NotPrincipal" : "Principal") \(p.span) " + p.entries.map { "\($0.value)@\($0.span)" }.joined(separator: " "))
            }
            for (name, element) in [("Action", s.action), ("Resource", s.resource)] {
                guard let element else { continue }
                lines.append("  \(element.isNegated ? "Not" : "")\(name) \(element.span) list \(element.isList) " + element.patterns.map { "\($0.value)@\($0.span)" }.joined(separator: " "))
            }
            for clause in s.condition?.clauses ?? [] {
                lines.append("  \(clause.op.value)@\(clause.op.span) \(clause.key.value)@\(clause.key.span) \(clause.valuesSpan) " + clause.values.map { "\($0.value.text)/\($0.value.jsonType)@\($0.span)" }.joined(separator: " "))
            }
        }
        return lines
    }

    /// The same summary read from the JSON tree of a policy without structural errors.
    static func summary(of tree: JSONNode) -> [String] {
        func located(_ node: JSONNode?) -> String { node.map { "\($0.stringValue ?? "?")@\($0.span)" } ?? "-" }
        func strings(_ node: JSONNode) -> [JSONNode] { node.elements ?? [node] }
        let version = tree["Version"]
        var lines = ["version \(version.map { "\($0.stringValue!)@\($0.span)" } ?? "-") id \(located(tree["Id"])) span \(tree.span)"]
        let statementValue = tree["Statement"]!
        for (index, s) in (statementValue.elements ?? [statementValue]).enumerated() {
            lines.append("statement \(index) \(s.span) sid \(located(s["Sid"])) effect \(located(s["Effect"]))")
            for name in ["Principal", "NotPrincipal"] {
                guard let p = s[name] else { continue }
                let entries: [String]
                if p.stringValue == "*" {
                    entries = ["\(PrincipalEntry.everyone)@\(p.span)"]
                } else {
                    entries = p.members!.flatMap { member in
                        strings(member.value).map { value -> String in
                            let text = value.stringValue!
                            let entry: PrincipalEntry = switch member.key {
                            case "AWS": .aws(text)
                            case "Service": .service(text)
                            case "Federated": .federated(text)
                            default: .canonicalUser(text)
                            }
                            return "\(entry)@\(value.span)"
                        }
                    }
                }
                lines.append("  \(name) \(p.span) " + entries.joined(separator: " "))
            }
            for name in ["Action", "NotAction", "Resource", "NotResource"] {
                guard let element = s[name] else { continue }
                lines.append("  \(name) \(element.span) list \(element.elements != nil) " + strings(element).map(located).joined(separator: " "))
            }
            for op in s["Condition"]?.members ?? [] {
                for key in op.value.members! {
                    let values = strings(key.value).map { value -> String in
                        switch value.kind {
                        case .string(let t): "\(t)/string@\(value.span)"
                        case .number(let t): "\(t)/number@\(value.span)"
                        case .bool(let b): "\(b)/bool@\(value.span)"
                        default: "?"
                        }
                    }
                    lines.append("  \(ConditionOperator(name: op.key)!)@\(op.keySpan) \(key.key)@\(key.keySpan) \(key.value.span) " + values.joined(separator: " "))
                }
            }
        }
        return lines
    }
}
