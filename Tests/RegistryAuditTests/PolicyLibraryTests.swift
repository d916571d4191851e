import Foundation
import PolicyChecks
@testable import PolicyCore
@testable import RegistryAudit
import XCTest

/// Each policy file is parsed and compiled once, by the audit's `PolicyLibrary`; the checks read that
/// parse and that compiled policy, and find exactly what checking the file's own text finds.
final class PolicyLibraryTests: XCTestCase {
    /// Two files with this text: it names `Resource`, so each is checked on its own (no check cache).
    static let pullWithResource = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]}"#
    static let files = InMemoryFiles(files: [
        "a.json": pullWithResource,
        "b.json": pullWithResource,
        "broken.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",,]}"#,
        "ci.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetImage", "ecr:PutImage"], "Resource": "*"}]}"#,
    ])
    static let manifest = oneRegistryManifest([("alpha", "a.json"), ("beta", "b.json"), ("gamma", "broken.json")],
                                              principals: "  - {name: ci, arn: \"arn:aws:iam::123456789012:role/ci\", identityPolicies: [ci.json]}\n")

    /// What the checks were given, file by file.
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var policies: [String: ParsedPolicyFile] = [:]
        func add(_ policy: ParsedPolicyFile) { lock.withLock { policies[policy.file.path] = policy } }
        var all: [String: ParsedPolicyFile] { lock.withLock { policies } }
    }

    func testChecksReadTheParseAndTheCompiledPolicyTheMatrixEvaluates() throws {
        let input = try RegistryLoader.load(manifestText: Self.manifest, manifestPath: "m.yaml", directory: ".", read: Self.files.reader)
        let seen = Seen()
        let result = RegistryAuditor(check: { policy, _ in seen.add(policy); return [] }).audit(input)
        let library = result.model.library
        XCTAssertEqual(Set(seen.all.keys), ["a.json", "b.json", "broken.json", "ci.json"])
        for (path, policy) in seen.all {
            let key = PolicyKey(path: path, kind: policy.file.kind)
            let own = PolicyParser.parse(policy.file.text, kind: policy.file.kind, file: path)
            XCTAssertEqual(policy.parsed.findings, own.findings, path)
            XCTAssertEqual(policy.parsed.root, own.root, "\(path): the checks need the JSON tree, also of a file whose text another file has")
            XCTAssertEqual(policy.parsed.document == nil, own.document == nil, path)
            if own.document == nil {
                XCTAssertNil(policy.compiled, path)
            } else {
                let compiled = try XCTUnwrap(policy.compiled, path)
                let evaluated = try XCTUnwrap(library.compiled[key], path)
                XCTAssertTrue(compiled.storage === evaluated.storage, "\(path): the checks and the matrix must share one compiled policy")
                XCTAssertEqual(compiled.name, path)
            }
        }
        // The trees are let go once the checks have read them.
        XCTAssertNil(library.parsedFile(PolicyFile(path: "a.json", kind: .repository, text: Self.pullWithResource)).parsed.root)
    }

    func testFindingsAreThoseOfCheckingEachText() throws {
        let input = try RegistryLoader.load(manifestText: Self.manifest, manifestPath: "m.yaml", directory: ".", read: Self.files.reader)
        let checker = PolicyChecker()
        let result = RegistryAuditor(check: { policy, attachment in
            checker.check(policy.parsed, compiled: policy.compiled, kind: policy.file.kind, file: policy.file.path, context: attachment.checkContext)
        }).audit(input)
        var expected: [Finding] = []
        for (path, kind, repository) in [("a.json", PolicyKind.repository, "alpha"), ("b.json", .repository, "beta"),
                                          ("broken.json", .repository, "gamma"), ("ci.json", .identity, nil)] {
            let context = CheckContext(accountID: "123456789012", repositoryName: repository, region: kind == .repository ? "us-east-1" : nil)
            expected += checker.check(Self.files.files[path]!, kind: kind, file: path, context: context)
        }
        expected.sort { ($0.file, $0.span.start.offset, $0.code) < ($1.file, $1.span.start.offset, $1.code) }
        XCTAssertTrue(expected.contains { $0.file == "b.json" && $0.code == "PUBLIC_ACCESS" && $0.path.hasPrefix("Statement[0].") },
                      "the fixture must give b.json findings at JSON paths")
        XCTAssertTrue(expected.contains { $0.file == "ci.json" && $0.category == .error }, "ci.json must have a validation error")
        XCTAssertEqual(result.findings.filter { $0.file.hasSuffix(".json") }, expected)

        // The policy that is not JSON: the parser's finding above, and the input error (exit 2) as before.
        let broken = PolicyParser.parse(Self.files.files["broken.json"]!, kind: .repository, file: "broken.json")
        let error = try XCTUnwrap(broken.findings.first)
        XCTAssertEqual(result.inputErrors.map(\.description),
                       ["broken.json:\(error.span.start.line):\(error.span.start.column): error: repository policy is not a JSON policy document: \(error.message)"])
    }
    /// Two repository policies whose texts are canonically equivalent but differ in their bytes (`é`
    /// as one scalar and as `e` with a combining accent): Swift's `==` finds them equal, AWS and the
    /// parser do not (the second has one more column, and a condition on it does not match the first's
    /// value). Each is parsed, checked and grouped on its own.
    func testCanonicallyEquivalentTextsAreDifferentPolicies() throws {
        func policy(_ cafe: String) -> String {
            #"{"Version": "2012-10-17", "Statement": [{"Sid": "\#(cafe)", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "\#(cafe)"}}}]}"#
        }
        let composed = policy("caf\u{E9}"), decomposed = policy("cafe\u{301}")
        XCTAssertEqual(composed, decomposed, "the fixture needs texts Swift finds equal")
        XCTAssertNotEqual(Array(composed.utf8), Array(decomposed.utf8))
        let files = InMemoryFiles(files: ["composed.json": composed, "decomposed.json": decomposed])
        let manifest = oneRegistryManifest([("alpha", "composed.json"), ("beta", "decomposed.json")], principals:
            "  - {name: barista, arn: \"arn:aws:iam::123456789012:role/barista\", context: {aws:PrincipalTag/team: \"caf\u{E9}\"}}\n")
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader)
        let checker = PolicyChecker()
        let result = RegistryAuditor(check: { policy, attachment in
            checker.check(policy.parsed, compiled: policy.compiled, kind: policy.file.kind, file: policy.file.path, context: attachment.checkContext)
        }).audit(input)
        let library = result.model.library
        let a = PolicyKey(path: "composed.json", kind: .repository), b = PolicyKey(path: "decomposed.json", kind: .repository)
        XCTAssertNotEqual(library.parses[a]?.textNumber, library.parses[b]?.textNumber, "each text is parsed on its own")
        XCTAssertNotEqual(library.decisionFormIDs[a], library.decisionFormIDs[b], "the policies decide a request with team=café differently")
        let formIDs = RepositoryClasses.policyFormIDs(result.model)
        XCTAssertNotEqual(formIDs[a], formIDs[b])
        for (path, repository) in [("composed.json", "alpha"), ("decomposed.json", "beta")] {
            let context = CheckContext(accountID: "123456789012", repositoryName: repository, region: "us-east-1")
            let own = checker.check(files.files[path]!, kind: .repository, file: path, context: context)
            XCTAssertFalse(own.isEmpty, "the fixture must give \(path) findings")
            XCTAssertEqual(result.findings.filter { $0.file == path }.map(\.span), own.map(\.span), "\(path): positions in its own text")
        }
    }
}
