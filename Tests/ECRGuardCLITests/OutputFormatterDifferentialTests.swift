@testable import ECRGuardCLI
import Foundation
import JMESPath
import TestSupport
import XCTest

/// `--output json|text|table|yaml` against the AWS CLI's own formatters on generated answers: the
/// installed AWS CLI v1's Python formatters for json, text and table, and AWS CLI v2's YAML dumper
/// (ruamel.yaml safe dump) for yaml (`Oracles/aws_cli_output.py`). Every output must be the same bytes;
/// where the AWS CLI fails on a layout (a list mixing objects and scalars), ecrguard must fail too.
final class OutputFormatterDifferentialTests: XCTestCase {
    private struct Case {
        var format: String
        var value: JMESValue
        var title = "DescribeRepositories"
        var width = 80
    }

    private func oracle(_ cases: [Case]) throws -> [JMESValue] {
        let python = try TestRequirements.executable("python3")
        let check = try runProcess(URL(fileURLWithPath: python), ["-c", "import awscli, ruamel.yaml, _ruamel_yaml"])
        if check.status != 0 { try TestRequirements.unmet("python3 with awscli and ruamel.yaml 0.17.21") }
        let input = JMESValue.array(cases.map { c in
            .object(JMESObject([("format", .string(c.format)), ("value", c.value), ("title", .string(c.title)), ("width", .int(c.width))]))
        })
        let script = repositoryRoot.appendingPathComponent("Tests/ECRGuardCLITests/Oracles/aws_cli_output.py").path
        let run = try runProcess(URL(fileURLWithPath: python), [script], stdin: Data(JSONWriter().text(input).utf8))
        XCTAssertEqual(run.status, 0, run.stderr)
        guard case .array(let results) = try JMESValue(jsonText: run.stdout), results.count == cases.count else {
            throw XCTSkip("oracle answered badly: \(run.stderr)")
        }
        return results
    }

    private func ours(_ c: Case) throws -> String {
        switch c.format {
        case "json": return c.value == .object(JMESObject()) ? "" : PythonText.indentedJSON(c.value) + "\n"
        case "text": return try TextFormatter().format(c.value)
        case "table": return try TableFormatter(title: c.title, terminalWidth: c.width).format(c.value)
        case "yaml": return try YAMLFormatter().document(c.value)
        default: return try YAMLFormatter().streamItem(c.value)
        }
    }

    private func compare(_ cases: [Case], file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try oracle(cases)
        var failures = 0
        for (c, answer) in zip(cases, expected) {
            guard case .object(let result) = answer else { continue }
            let input = JSONWriter(asciiOnly: false).text(c.value)
            if case .string(let error) = result["error"] ?? .null {
                XCTAssertNotEqual(error, "missing-ruamel", file: file, line: line)
                XCTAssertThrowsError(try ours(c), "\(c.format) of \(input): the AWS CLI fails (\(error))", file: file, line: line)
            } else if case .string(let output) = result["output"] ?? .null {
                do {
                    let mine = try ours(c)
                    if mine != output {
                        failures += 1
                        if failures <= 5 {
                            XCTFail("\(c.format) (width \(c.width)) of \(input):\n--- aws\n\(output)--- ecrguard\n\(mine)", file: file, line: line)
                        }
                    }
                } catch {
                    XCTFail("\(c.format) of \(input): ecrguard failed (\(error)) where the AWS CLI printed\n\(output)", file: file, line: line)
                }
            }
        }
        XCTAssertEqual(failures, 0, "\(failures) of \(cases.count) outputs differ", file: file, line: line)
    }

    func testHandPickedShapesMatchTheAWSCLI() throws {
        let values: [String] = [
            #"{"repositories": [{"repositoryName": "a", "createdAt": 1796412570.763, "imageScanningConfiguration": {"scanOnPush": false}}, {"repositoryName": "b", "tags": [], "createdAt": 1.5}]}"#,
            #"{"registryId": "123456789012", "replicationConfiguration": {"rules": [{"destinations": [{"region": "eu-west-1", "registryId": "123456789012"}], "repositoryFilters": [{"filter": "prod-", "filterType": "PREFIX_MATCH"}]}]}}"#,
            #"["a", "b", "c"]"#, #"[["a", 1], ["b", 2]]"#, #"[["a", ["x", "y"]], "z"]"#, #"[]"#, #"{}"#, #"null"#, #"0"#, #"false"#, #"true"#,
            #""some text""#, #"1e-05"#, #"1e+16"#, #"12"#, #"-0.0"#,
            #"{"only": "one"}"#, #"{"a": {}, "b": [], "c": null, "d": 0, "e": ""}"#,
            #"[{"a": 1}, {"b": [1, 2]}, {"a": 3, "b": {"c": "d"}}]"#,
            #"{"k": ["x", "y"], "l": [["p", "q"], ["r"]]}"#,
            #"[{"a": "x"}, {"a": ["it's", "say \"hi\"", "both ' \"", "tab\tnl\n", "é\u0001\u00a0\u2028😀", 1.0, null, true, {"k": []}]}]"#,
            #"["x", {"k": 1}]"#, #"[{"a": 1}, "mixed"]"#, #"[["a", "b"], ["c"]]"#, #"[{"a": [1]}, {"a": 2}]"#,
            #"{"日本語": "値", "Ω": "ambiguous ±", "emoji": "😀", "tab": "a\tb", "nl": "line1\nline2", "q": "it's \"quoted\""}"#,
            #"{"policyText": "{\n  \"Version\" : \"2012-10-17\",\n  \"Statement\" : [ {\n    \"Sid\" : \"a rather long statement identifier that goes past eighty columns\",\n    \"Effect\" : \"Allow\"\n  } ]\n}", "registryId": "123456789012", "repositoryName": "team/app"}"#,
            #"{"yes": "yes", "no": "no", "t": "true", "n": "null", "e": "", "o": "0o17", "h": "0x1F", "d": "2020-01-01", "f": "1.5", "m": "<<", "eq": "=", "s": "~", "colon": "a: b", "hash": "a #b", "dash": "- x", "lead": " x", "trail": "x ", "star": "*x", "amp": "&x", "bang": "!x", "pct": "%x", "at": "@x", "tick": "`x", "pipe": "|", "gt": ">", "qm": "?", "brk": "[a]", "brc": "{b}", "comma": "a,b", "del": "\u007f", "nel": "\u0085", "ls": "\u2028", "ctl": "\u0001"}"#,
        ]
        var cases: [Case] = []
        for text in values {
            let value = try JMESValue(jsonText: text)
            for format in ["json", "text", "table", "yaml", "yaml-stream-item"] { cases.append(Case(format: format, value: value)) }
            cases.append(Case(format: "table", value: value, width: 30))
            cases.append(Case(format: "table", value: value, title: "GetRepositoryPolicy", width: 200))
        }
        try compare(cases)
    }

    func testGeneratedAnswersMatchTheAWSCLI() throws {
        var random = SplitMix64(seed: 14)
        var cases: [Case] = []
        for _ in 0..<300 {
            let value = Self.document(&random, depth: 0)
            for format in ["json", "text", "table", "yaml"] {
                cases.append(Case(format: format, value: value, width: format == "table" ? [80, 80, 40, 160].randomElement(using: &random)! : 80))
            }
        }
        try compare(cases)
    }

    // MARK: Generated answers

    private static let words = ["repo", "team/app", "123456789012", "true", "null", "", "yes", "a: b", "x #y", "it's", #"say "hi""#,
                                "tab\there", "line1\nline2", "é", "日本語のリポジトリ", "Ωμέγα", "😀", "±°×", " lead", "trail ", "1e3", "0x1F",
                                "2020-01-01", "~", "=", "-", "arn:aws:ecr:us-east-1:123456789012:repository/team/app",
                                "a long description that is certainly longer than eighty columns when it is printed in a table cell"]
    private static let keys = ["repositoryName", "registryId", "createdAt", "imageTags", "tags", "Key", "Value", "rules", "名前", "Ωmega", "a", "z"]

    private static func scalar(_ random: inout SplitMix64) -> JMESValue {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(Int.random(in: -5...2_000_000_000_000, using: &random))
        case 3: return .double([0.0, 1.5, -2.25, 1e-05, 1e16, 1796412570.763, 0.1, 123456.0].randomElement(using: &random)!)
        default: return .string(words.randomElement(using: &random)!)
        }
    }

    private static func object(_ random: inout SplitMix64, depth: Int, keyPool: [String]) -> JMESValue {
        var entries: [(String, JMESValue)] = []
        for key in keyPool.shuffled(using: &random).prefix(Int.random(in: 0...4, using: &random)) {
            entries.append((key, depth < 3 && Int.random(in: 0..<4, using: &random) == 0 ? document(&random, depth: depth + 1) : scalar(&random)))
        }
        return .object(JMESObject(entries))
    }

    private static func document(_ random: inout SplitMix64, depth: Int) -> JMESValue {
        let count = Int.random(in: 0...3, using: &random)
        switch Int.random(in: 0..<(depth == 0 ? 5 : 6), using: &random) {
        case 0, 1:
            return object(&random, depth: depth, keyPool: keys)
        case 2:   // a list of objects with overlapping keys, as API answers have
            let pool = Array(keys.shuffled(using: &random).prefix(5))
            return .array((0..<max(1, count)).map { _ in object(&random, depth: depth + 1, keyPool: pool) })
        case 3:
            return .array((0..<count).map { _ in scalar(&random) })
        case 4:   // a list of equally long rows (--query 'x[].[a, b]')
            let width = Int.random(in: 1...3, using: &random)
            return .array((0..<max(1, count)).map { _ in .array((0..<width).map { _ in scalar(&random) }) })
        default:
            return scalar(&random)
        }
    }
}
