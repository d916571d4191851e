@testable import ECRClient
import Foundation
import TestSupport
import XCTest

/// `--query` and `--output` against the AWS CLI on the same moto: every read-only command moto
/// implements, in json, text and table, with queries of every kind (projection, filter, multi-select
/// hash and list, function, scalar, empty list, null), run by `aws` and by `ecrguard`; stdout and exit
/// status must be byte for byte the same. yaml and yaml-stream (AWS CLI v2 only) are compared with
/// AWS CLI v2's dumper applied to `aws --output json`. Tokens never reach a failure message.
final class AWSCLIOutputCrossCheckTests: MotoTestCase {
    private struct Fixture {
        var repositories: [String]
        var token: String
    }

    nonisolated(unsafe) private static var prepared: Fixture?

    /// Two repositories (one with two images and a policy), a registry policy; made once per class.
    private func prepare(_ server: MotoServer) throws -> Fixture {
        if let prepared = Self.prepared { return prepared }
        let first = unique("out-a"), second = unique("out-b")
        func ok(_ result: CommandResult) { XCTAssertEqual(result.status, 0, result.stderr) }
        ok(try server.aws(["ecr", "create-repository", "--repository-name", first, "--tags", "Key=team,Value=a", "Key=env,Value=prod"]))
        ok(try server.aws(["ecr", "create-repository", "--repository-name", second, "--image-tag-mutability", "IMMUTABLE",
                           "--image-scanning-configuration", "scanOnPush=true"]))
        for (tag, size) in [("v1", 7023), ("v2", 7100)] {
            let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":\#(size),"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}"#
            let digest = "sha256:" + CryptoDigest.sha256Hex(Array(manifest.utf8))
            ok(try server.aws(["ecr", "put-image", "--repository-name", first, "--image-manifest", manifest, "--image-tag", tag, "--image-digest", digest]))
        }
        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"CIPull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}"#
        ok(try server.aws(["ecr", "set-repository-policy", "--repository-name", first, "--policy-text", policy]))
        let registryPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
        ok(try server.aws(["ecr", "put-registry-policy", "--policy-text", registryPolicy]))
        let token = try server.aws(["ecr", "get-authorization-token", "--query", "authorizationData[0].authorizationToken"], output: "text")
        Self.prepared = Fixture(repositories: [first, second], token: token.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        return Self.prepared!
    }

    /// Runs one command with both tools and compares; messages have the token replaced.
    private func compare(_ server: MotoServer, _ arguments: [String], output: String?, environment: [String: String] = [:],
                         fixture: Fixture, file: StaticString = #filePath, line: UInt = #line) throws {
        let theirs = try server.aws(["ecr"] + arguments, environment: environment, output: output)
        let ours = try server.ecrguard(arguments + (output.map { ["--output", $0] } ?? []), environment: environment)
        func redacted(_ text: String) -> String {
            fixture.token.isEmpty ? text : text.replacingOccurrences(of: fixture.token, with: "<token>")
        }
        let label = (arguments + (output.map { ["--output", $0] } ?? [])).joined(separator: " ")
        XCTAssertEqual(ours.status, theirs.status, "\(label): \(redacted(ours.stderr))", file: file, line: line)
        XCTAssertTrue(ours.stdout == theirs.stdout, "\(label):\n--- aws\n\(redacted(theirs.stdout))--- ecrguard\n\(redacted(ours.stdout))", file: file, line: line)
        XCTAssertFalse(theirs.stdout.isEmpty && ours.stdout.isEmpty && output != nil && !arguments.contains("--query"),
                       "\(label): both printed nothing, so nothing was compared", file: file, line: line)
    }

    func testOutputFormatsAndQueriesMatchTheAWSCLIByteForByte() throws {
        let server = try moto(needsAWSCLI: true)
        let fixture = try prepare(server)
        let (first, second) = (fixture.repositories[0], fixture.repositories[1])
        let repositories = ["describe-repositories", "--repository-names", first, second]
        let cases: [([String], String?)] = [
            (repositories, "json"), (repositories, "text"), (repositories, "table"),
            (repositories + ["--query", "repositories[].repositoryName"], "json"),
            (repositories + ["--query", "repositories[?imageTagMutability=='IMMUTABLE'].{name: repositoryName, uri: repositoryUri, scan: imageScanningConfiguration.scanOnPush}"], "table"),
            (repositories + ["--query", "repositories[].[repositoryName, imageTagMutability, encryptionConfiguration.encryptionType]"], "text"),
            (repositories + ["--query", "repositories[].[repositoryName, imageTagMutability]"], "table"),
            (repositories + ["--query", "repositories[0].createdAt"], "text"),
            (repositories + ["--query", "length(repositories)"], "table"),
            (repositories + ["--query", "repositories[?repositoryName=='none']"], "json"),
            (repositories + ["--query", "nothing.here"], "json"), (repositories + ["--query", "nothing.here"], "text"),
            (repositories + ["--query", "nothing.here"], "table"),
            (["describe-images", "--repository-name", first], "text"),
            (["describe-images", "--repository-name", first], "table"),
            (["describe-images", "--repository-name", first, "--query", "sort_by(imageDetails, &imageSizeInBytes)[].{digest: imageDigest, tags: join(',', imageTags), size: imageSizeInBytes}"], "table"),
            (["describe-images", "--repository-name", first, "--query", "imageDetails[].imageTags[]"], "text"),
            (["list-images", "--repository-name", first], "text"),
            (["list-images", "--repository-name", first], "table"),
            (["list-images", "--repository-name", first, "--query", "imageIds[?imageTag=='v2'].imageDigest | [0]"], "text"),
            (["get-repository-policy", "--repository-name", first], "text"), (["get-repository-policy", "--repository-name", first], "table"),
            (["get-repository-policy", "--repository-name", first, "--query", "policyText"], "text"),
            (["get-registry-policy"], "table"),
            (["describe-registry"], "json"), (["describe-registry"], "text"), (["describe-registry"], "table"),
            (["get-authorization-token"], "text"),
            (["get-authorization-token", "--query", "authorizationData[].[proxyEndpoint, expiresAt]"], "text"),
        ]
        for (arguments, output) in cases { try compare(server, arguments, output: output, fixture: fixture) }
    }

    func testOutputSettingPrecedenceMatchesTheAWSCLI() throws {
        let server = try moto(needsAWSCLI: true)
        let fixture = try prepare(server)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let config = try dir.write("config", "[default]\noutput = table\n[profile texty]\noutput = text\naws_access_key_id = testing\naws_secret_access_key = testing\n")
        // the profile's output, then AWS_DEFAULT_OUTPUT over it, then --output over both
        try compare(server, ["describe-registry"], output: nil, environment: ["AWS_CONFIG_FILE": config], fixture: fixture)
        try compare(server, ["describe-registry", "--profile", "texty"], output: nil, environment: ["AWS_CONFIG_FILE": config], fixture: fixture)
        try compare(server, ["describe-registry"], output: nil, environment: ["AWS_CONFIG_FILE": config, "AWS_DEFAULT_OUTPUT": "text"], fixture: fixture)
        try compare(server, ["describe-registry"], output: "json", environment: ["AWS_CONFIG_FILE": config, "AWS_DEFAULT_OUTPUT": "text"], fixture: fixture)
    }

    func testYAMLFollowsAWSCLIVersion2sDumperOfTheSameAnswer() throws {
        let server = try moto(needsAWSCLI: true)
        let fixture = try prepare(server)
        let python = try TestRequirements.executable("python3")
        if try runProcess(URL(fileURLWithPath: python), ["-c", "import awscli, ruamel.yaml, _ruamel_yaml"]).status != 0 {
            try TestRequirements.unmet("python3 with awscli and ruamel.yaml 0.17.21")
        }
        let oracle = TestRequirements.repositoryRoot.appendingPathComponent("Tests/ECRGuardCLITests/Oracles/aws_cli_output.py").path
        let first = fixture.repositories[0]
        let cases: [([String], String)] = [
            (["describe-repositories", "--repository-names"] + fixture.repositories, "yaml"),
            (["describe-images", "--repository-name", first], "yaml"),
            (["get-repository-policy", "--repository-name", first], "yaml"),
            (["describe-registry"], "yaml-stream"),
            (["list-images", "--repository-name", first, "--query", "imageIds[].imageTag"], "yaml-stream"),
            (["describe-repositories", "--repository-names", first, "--query", "repositories[0].repositoryName"], "yaml"),
        ]
        for (arguments, format) in cases {
            let json = try server.aws(["ecr"] + arguments)
            XCTAssertEqual(json.status, 0, json.stderr)
            let request = "[{\"format\": \"\(format == "yaml" ? "yaml" : "yaml-stream-item")\", \"value\": \(json.stdout.isEmpty ? "{}" : json.stdout)}]"
            let expected = try runProcess(URL(fileURLWithPath: python), [oracle], stdin: Data(request.utf8))
            XCTAssertEqual(expected.status, 0, expected.stderr)
            let output = try XCTUnwrap((try JSONValue.parse(expected.stdout)).arrayValue?.first?["output"]?.stringValue, expected.stdout)
            let ours = try server.ecrguard(arguments + ["--output", format])
            XCTAssertEqual(ours.status, 0, ours.stderr)
            XCTAssertEqual(ours.stdout, output, (arguments + [format]).joined(separator: " "))
        }
    }
}
