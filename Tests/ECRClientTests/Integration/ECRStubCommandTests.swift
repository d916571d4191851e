@testable import ECRClient
import Foundation
import XCTest

/// The operations moto answers with 500 (pull-through cache rules, repository creation templates,
/// account settings) and real paging, against Servers/stub_ecr_server.py, which answers in AWS's
/// documented shapes: `aws` and `ecrguard ecr` print the same bytes; the creation template gate.
final class ECRStubCommandTests: XCTestCase {
    nonisolated(unsafe) static var server: ServerProcess?
    nonisolated(unsafe) static var startError: String?

    override class func setUp() {
        super.setUp()
        guard let python = ServerProcess.which("python3") else { startError = "python3 missing"; return }
        let script = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/stub_ecr_server.py").path
        do { server = try ServerProcess(executable: python, arguments: [script, "PORT"]) } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    private func stub() throws -> ServerProcess {
        _ = try requireBinary("python3")
        _ = try requireBinary("aws")
        guard let server = Self.server else { XCTFail("stub server did not start: \(Self.startError ?? "?")"); throw ServerError("no stub") }
        return server
    }

    private let environment = childEnvironment(["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                                                "AWS_PAGER": "", "AWS_MAX_ATTEMPTS": "1"])

    private func reset(_ server: ServerProcess) throws {
        _ = try runCommand("/usr/bin/env", ["curl", "-s", "-X", "POST", server.baseURL + "/stub/reset"], environment: environment)
    }

    private func aws(_ arguments: [String], _ server: ServerProcess) throws -> CommandResult {
        try runCommand(ServerProcess.which("aws")!, ["--endpoint-url", server.baseURL, "ecr"] + arguments, environment: environment)
    }

    private func ecrguard(_ arguments: [String], _ server: ServerProcess) throws -> CommandResult {
        try runCommand(ecrguardPath(), ["ecr", "--endpoint-url", server.baseURL] + arguments, environment: environment)
    }

    /// Each case from an empty stub after `setup` ran (with ecrguard), once with aws and once with ecrguard.
    private func compare(_ arguments: [String], setup: [[String]] = [], outputs: [String] = ["json"], file: StaticString = #filePath, line: UInt = #line) throws {
        let server = try stub()
        for output in outputs {
            var results: [CommandResult] = []
            for run in [aws, ecrguard] {
                try reset(server)
                for step in setup { XCTAssertEqual(try ecrguard(step, server).status, 0, file: file, line: line) }
                results.append(try run(arguments + ["--output", output], server))
            }
            XCTAssertEqual(results[0].status, 0, "aws: \(results[0].stderr)", file: file, line: line)
            XCTAssertEqual(results[1].status, 0, "ecrguard: \(results[1].stderr)", file: file, line: line)
            XCTAssertEqual(results[1].stdout, results[0].stdout, "\(arguments.joined(separator: " ")) --output \(output)", file: file, line: line)
        }
    }

    static let privatePolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"org","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:BatchGetImage"}]}"#
    static let publicPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"all","Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}"#
    static let rule = ["create-pull-through-cache-rule", "--ecr-repository-prefix", "hub", "--upstream-registry-url", "public.ecr.aws"]
    static let template = ["create-repository-creation-template", "--prefix", "hub", "--applied-for", "PULL_THROUGH_CACHE", "REPLICATION",
                           "--repository-policy", privatePolicy, "--resource-tags", "Key=team,Value=a", "--description", "cache"]

    func testOperationsMotoLacksPrintWhatTheAWSCLIPrints() throws {
        try compare(Self.rule)
        try compare(["describe-pull-through-cache-rules"], setup: [Self.rule], outputs: ["json", "text", "table"])
        try compare(["delete-pull-through-cache-rule", "--ecr-repository-prefix", "hub"], setup: [Self.rule])
        try compare(Self.template)
        try compare(["describe-repository-creation-templates"], setup: [Self.template], outputs: ["json", "text", "table"])
        try compare(["update-repository-creation-template", "--prefix", "hub", "--image-tag-mutability", "IMMUTABLE"], setup: [Self.template])
        try compare(["delete-repository-creation-template", "--prefix", "hub"], setup: [Self.template])
        try compare(["get-account-setting", "--name", "REGISTRY_POLICY_SCOPE"])
        try compare(["put-account-setting", "--name", "REGISTRY_POLICY_SCOPE", "--value", "V1"])
    }

    func testLayerOperationsAndBlobsFromFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-blob-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let blob = directory.appendingPathComponent("part.bin")
        try Data((0..<300).map { UInt8($0 % 256) }).write(to: blob)
        let digest = "sha256:" + String(repeating: "a", count: 64)
        try compare(["initiate-layer-upload", "--repository-name", "app"])
        try compare(["upload-layer-part", "--repository-name", "app", "--upload-id", "upload-1", "--part-first-byte", "0",
                     "--part-last-byte", "299", "--layer-part-blob", "fileb://\(blob.path)"], outputs: ["json", "text"])
        try compare(["complete-layer-upload", "--repository-name", "app", "--upload-id", "upload-1", "--layer-digests", digest])
        try compare(["batch-check-layer-availability", "--repository-name", "app", "--layer-digests", digest, digest], outputs: ["json", "table"])
        try compare(["get-download-url-for-layer", "--repository-name", "app", "--layer-digest", digest])
    }

    func testPagesAndMaxItemsAcrossRealPages() throws {
        try compare(["describe-repositories", "--repository-names", "paged-5", "--page-size", "2"], outputs: ["json", "text"])
        try compare(["describe-repositories", "--repository-names", "paged-5", "--page-size", "2", "--max-items", "3"], outputs: ["json", "text"])
        try compare(["list-images", "--repository-name", "paged-7", "--page-size", "3", "--max-items", "4", "--starting-token",
                     "eyJuZXh0VG9rZW4iOiAiMiIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDF9"], outputs: ["json", "text"])
    }

    func testPublicCreationTemplateIsRefused() throws {
        let server = try stub()
        try reset(server)
        let template = ["create-repository-creation-template", "--prefix", "ROOT", "--applied-for", "PULL_THROUGH_CACHE", "--repository-policy", Self.publicPolicy]
        let refused = try ecrguard(template, server)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("PUBLIC_ACCESS [blocking]"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("refusing to send creation template ROOT (its repository policy becomes the policy of every repository ECR creates from it)"), refused.stderr)
        XCTAssertEqual(try ecrguard(["describe-repository-creation-templates", "--query", "length(repositoryCreationTemplates)"], server).stdout, "0\n")
        XCTAssertEqual(try ecrguard(template + ["--ignore-findings"], server).status, 0)
    }

    func testPullThroughCacheRuleNamesTheTemplateAndRefusesAPublicOne() throws {
        let server = try stub()
        try reset(server)
        let none = try ecrguard(Self.rule, server)
        XCTAssertEqual(none.status, 0, none.stderr)
        XCTAssertTrue(none.stderr.contains("info CREATION_TEMPLATE_APPLIES [note]: no repository creation template applies to hub/..."), none.stderr)
        try reset(server)
        XCTAssertEqual(try ecrguard(["create-repository-creation-template", "--prefix", "ROOT", "--applied-for", "PULL_THROUGH_CACHE",
                                     "--repository-policy", Self.publicPolicy, "--ignore-findings"], server).status, 0)
        let refused = try ecrguard(Self.rule, server)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("repositories this rule creates (hub/...) get the settings of creation template 'ROOT'"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("creation-template:ROOT:repositoryPolicy:1:"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("PUBLIC_ACCESS [blocking]"), refused.stderr)
        XCTAssertEqual(try ecrguard(["describe-pull-through-cache-rules", "--query", "length(pullThroughCacheRules)"], server).stdout, "0\n")
    }
}
