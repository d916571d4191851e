import Foundation
import JMESPath
import TestSupport
import XCTest

/// Python's jmespath package (what the AWS CLI evaluates --query with) is the oracle: the test
/// runs generate_corpus.py, which writes generated expression/document pairs with Python's answers,
/// and requires the Swift module to give the same answer for every one (the same JSON, with the
/// same key order and the same integer/float kinds; or an error where Python raises one).
final class DifferentialTests: XCTestCase {
    static let script = TestRequirements.repositoryRoot.appendingPathComponent("Tests/JMESPathTests/generate_corpus.py")
    /// Fixed so that a failure replays; JMESPATH_CORPUS_SEED explores other corpora.
    static let seed = ProcessInfo.processInfo.environment["JMESPATH_CORPUS_SEED"] ?? "14"
    static let count = 10_000

    func testAgreesWithPythonJMESPathOnGeneratedCorpus() throws {
        let lines = try Self.corpus()
        XCTAssertEqual(lines.count, Self.count)
        var failures: [String] = []
        var values = 0, errors = 0
        for line in lines {
            guard case .object(let entry) = line, case .string(let expression) = entry["expression"] ?? .null else {
                return XCTFail("a corpus line without an expression")
            }
            let document = entry["document"] ?? .null
            let outcome = Result { try JMESPath.Expression(compiling: expression).search(document) }
            if case .string(let expectedError)? = entry["error"] {
                errors += 1
                switch outcome {
                case .failure(let error as JMESPathError) where Self.sameKind(error.kind, expectedError): break
                case .failure(let error):
                    failures.append("\(expression)\n    document \(Self.text(document))\n    Python: \(expectedError) error, Swift: \(error)")
                case .success(let value):
                    failures.append("\(expression)\n    document \(Self.text(document))\n    Python: \(expectedError) error, Swift: \(Self.text(value))")
                }
                continue
            }
            let expected = entry["result"] ?? .null
            if expected != .null { values += 1 }
            switch outcome {
            case .success(let value) where sameJSON(value, expected): break
            case .success(let value):
                failures.append("\(expression)\n    document \(Self.text(document))\n    Python: \(Self.text(expected)), Swift: \(Self.text(value))")
            case .failure(let error):
                failures.append("\(expression)\n    document \(Self.text(document))\n    Python: \(Self.text(expected)), Swift: \(error)")
            }
        }
        XCTAssertEqual(failures.count, 0, "\(failures.count) of \(lines.count) cases disagree with Python (seed \(Self.seed)):\n"
            + failures.prefix(25).joined(separator: "\n"))
        // The corpus must exercise something: many non-null answers, and errors too.
        XCTAssertGreaterThan(values, Self.count / 5, "too few non-null answers in the corpus")
        XCTAssertGreaterThan(errors, Self.count / 20, "too few errors in the corpus")
    }

    /// Every function and every kind of token occurs in the corpus (a generator that stopped
    /// producing one would otherwise go unnoticed).
    func testCorpusCoversEveryFunctionAndProduction() throws {
        let expressions = try Self.corpus().compactMap { line -> String? in
            guard case .object(let entry) = line, case .string(let e) = entry["expression"] ?? .null else { return nil }
            return e
        }
        let all = expressions.joined(separator: "\n")
        for name in JMESPath.functionNames {
            XCTAssertTrue(all.contains("\(name)("), "no call of \(name)() in the corpus")
        }
        for production in ["[?", "[]", "[*]", ".*", "[-", ":", "|", "||", "&&", "!", "&", "`", "'", "\"", "{", "@", "(",
                           "==", "!=", "<", "<=", ">", ">=", "::", ".[", ".{"] {
            XCTAssertTrue(all.contains(production), "no \(production) in the corpus")
        }
    }

    /// Python's error kinds are the compliance suite's names; Python's own exceptions (a TypeError
    /// from ordering a number against a string, a ValueError from a slice step of 0) come as
    /// "other:…" and must be some error other than a syntax error.
    static func sameKind(_ kind: JMESPathError.Kind, _ python: String) -> Bool {
        python.hasPrefix("other:") ? kind != .syntax : kind.rawValue == python
    }

    // MARK: Running the oracle

    nonisolated(unsafe) private static var cached: [JMESValue]?

    static func corpus() throws -> [JMESValue] {
        if let cached { return cached }
        let python = try TestRequirements.executable("python3")
        let check = try runProcess(URL(fileURLWithPath: python), ["-c", "import jmespath"])
        if check.status != 0 { try TestRequirements.unmet("the Python jmespath package (installed with awscli)") }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("jmespath-corpus-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try runProcess(URL(fileURLWithPath: python),
                                 [script.path, "--seed", seed, "--count", String(count), "--out", out.path])
        guard run.status == 0 else {
            XCTFail("generate_corpus.py failed with status \(run.status): \(run.stderr)")
            throw CorpusError()
        }
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map { try JMESValue(jsonText: String($0)) }
        cached = lines
        return lines
    }

    struct CorpusError: Error {}

    static func text(_ value: JMESValue) -> String {
        let t = JSONWriter(asciiOnly: false).text(value)
        return t.count > 300 ? String(t.prefix(300)) + "…" : t
    }
}

/// The same JSON as it would print: same structure, same key order, integers and floats apart.
func sameJSON(_ a: JMESValue, _ b: JMESValue) -> Bool {
    switch (a, b) {
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(sameJSON)
    case (.object(let x), .object(let y)):
        return x.keys.count == y.keys.count && zip(x.keys, y.keys).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
            && zip(x.values, y.values).allSatisfy(sameJSON)
    default: return a.isIdentical(to: b)
    }
}
