import Foundation
@testable import Registry
import TestSupport
import XCTest

/// `docker-credential-ecrguard` through the protocol exactly as Docker calls it (the request on stdin
/// without a trailing newline, the answer on stdout), with tokens from moto, and its answers to the
/// protocol's edge cases compared with amazon-ecr-credential-helper's (`docker-credential-ecr-login`).
final class CredentialHelperTests: MotoTestCase {
    let host = "123456789012.dkr.ecr.us-east-1.amazonaws.com"

    func helper(_ arguments: [String], stdin: String, home: URL, extra: [String: String] = [:]) throws -> CommandResult {
        try runCommand(builtExecutable("docker-credential-ecrguard").path, arguments, environment: childEnvironment(["HOME": home.path].merging(extra) { $1 }),
                       stdin: Data(stdin.utf8))
    }

    func testGetAnswersWithTheMotoTokenAndCachesItPrivately() throws {
        let moto = try moto()
        let home = try TemporaryDirectory(); defer { home.remove() }
        let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_ENDPOINT_URL_ECR": moto.endpoint]
        let result = try helper(["get"], stdin: "https://\(host)", home: home.url, extra: environment)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, #"{"Secret":"123456789012-auth-token","ServerURL":"https://\#(host)","Username":"AWS"}"# + "\n")
        let cache = home.url.appendingPathComponent(".ecrguard/cache/credentials.json")
        let attributes = try FileManager.default.attributesOfItem(atPath: cache.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.deletingLastPathComponent().path), ["credentials.json"], "no temporary file is left")
        // erase forgets the cached token.
        let erase = try helper(["erase"], stdin: host, home: home.url)
        XCTAssertEqual(erase.status, 0, erase.stdout)
        XCTAssertEqual(try String(contentsOf: cache, encoding: .utf8), "{}")
    }

    func testEdgeCasesAnswerAsAmazonECRCredentialHelperDoes() throws {
        let reference = try requireBinary("docker-credential-ecr-login")
        let cases: [(arguments: [String], stdin: String)] = [
            (["get"], "registry.example.com"),
            (["get"], ""),
            (["get"], "\n"),
            (["get"], host),                       // no AWS credentials at all
            (["store"], "registry.example.com"),
            (["store"], #"{"ServerURL":"\#(host)","Username":"AWS","Secret":"x"}"#),
            (["list"], ""),
            (["bogus"], ""),
            ([], ""),
        ]
        for (arguments, stdin) in cases {
            let home = try TemporaryDirectory(); defer { home.remove() }
            let noCredentials = ["AWS_REGION": "", "AWS_DEFAULT_REGION": ""]
            let ours = try helper(arguments, stdin: stdin, home: home.url, extra: noCredentials)
            let theirs = try runCommand(reference, arguments, environment: childEnvironment(["HOME": home.url.path].merging(noCredentials) { $1 }),
                                        stdin: Data(stdin.utf8))
            let label = "\(arguments) <<< \(stdin.debugDescription)"
            XCTAssertEqual(ours.status, theirs.status, label)
            // The usage line names the program as it was called (argv[0]), in both.
            XCTAssertEqual(ours.stdout.replacingOccurrences(of: builtExecutable("docker-credential-ecrguard").path, with: reference), theirs.stdout, label)
        }
    }

    func testCachedTokenIsUsedForHalfItsLifetimeThenRefreshed() throws {
        let directory = try TemporaryDirectory(); defer { directory.remove() }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        nonisolated(unsafe) var now = start
        nonisolated(unsafe) var fetches = 0
        let helper = ECRCredentialHelper(cache: RegistryTokenCache(path: directory.url.appendingPathComponent("c/credentials.json").path),
                                         version: "test", clock: { now }) { _ in
            fetches += 1
            return CachedRegistryToken(username: "AWS", password: "token-\(fetches)", requestedAt: now, expiresAt: now.addingTimeInterval(12 * 3600))
        }
        func secret() -> String {
            let answer = helper.handle(["get"], input: Data(host.utf8))
            return (try? JSONSerialization.jsonObject(with: Data(answer.output.utf8)) as? [String: String])?["Secret"] ?? answer.output
        }
        XCTAssertEqual(secret(), "token-1")
        now = start.addingTimeInterval(5 * 3600 + 59 * 60)
        XCTAssertEqual(secret(), "token-1", "within the first six hours the cached token is used")
        now = start.addingTimeInterval(6 * 3600 + 1)
        XCTAssertEqual(secret(), "token-2", "after half of its twelve hours the token is fetched again")
        XCTAssertEqual(fetches, 2)
        XCTAssertEqual(helper.handle(["list"], input: Data()).output, #"{"https://\#(host)":"AWS"}"# + "\n")
        // A damaged cache is ignored and rewritten, never trusted.
        try Data("{not json".utf8).write(to: directory.url.appendingPathComponent("c/credentials.json"))
        XCTAssertEqual(secret(), "token-3")
    }

    func testLoginWritesAuthsOrCredHelpersAndKeepsTheRestOfTheConfig() throws {
        let moto = try moto()
        let docker = try TemporaryDirectory(); defer { docker.remove() }
        try docker.write("config.json", #"{"auths":{"other.example":{"auth":"eDp5"}},"psFormat":"table"}"#)
        let environment = moto.environment(["DOCKER_CONFIG": docker.url.path])
        let login = try runCommand(ecrguardPath(), ["ecr", "login", host, "--endpoint-url", moto.endpoint], environment: environment)
        XCTAssertEqual(login.status, 0, login.stderr)
        XCTAssertFalse(login.stdout.contains("123456789012-auth-token"), "the token is never printed")
        let path = docker.url.appendingPathComponent("config.json").path
        var config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        XCTAssertEqual(config["psFormat"] as? String, "table")
        let auths = try XCTUnwrap(config["auths"] as? [String: [String: String]])
        XCTAssertEqual(auths["other.example"]?["auth"], "eDp5")
        XCTAssertEqual(auths[host]?["auth"], Data("AWS:123456789012-auth-token".utf8).base64EncodedString())
        XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        let helper = try runCommand(ecrguardPath(), ["ecr", "login", "--helper", "--endpoint-url", moto.endpoint], environment: environment)
        XCTAssertEqual(helper.status, 0, helper.stderr)
        config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        let helpers = try XCTUnwrap(config["credHelpers"] as? [String: String])
        XCTAssertEqual(helpers.count, 1)
        XCTAssertEqual(helpers.first?.value, "ecrguard")
        XCTAssertNotNil(ECRRegistryHost(helpers.first?.key ?? ""), "the default registry comes from GetAuthorizationToken's proxyEndpoint")

        let refused = try runCommand(ecrguardPath(), ["ecr", "login", "registry.example.com", "--endpoint-url", moto.endpoint], environment: environment)
        XCTAssertEqual(refused.status, 64)
    }
}
