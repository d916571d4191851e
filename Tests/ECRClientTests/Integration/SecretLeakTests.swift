@testable import ECRClient
import Foundation
import XCTest

/// Runs many commands with --debug, successes and failures, and greps everything they print for the
/// secret key, the session token and the registry auth token.
final class SecretLeakTests: MotoTestCase {
    func testNoSecretInAnyOutputOrDebugLog() throws {
        let server = try moto()
        let secret = "SECRETKEY" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let token = "SESSIONTOKEN" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let env = ["AWS_ACCESS_KEY_ID": "AKIDLEAKTEST", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token]
        let name = unique("leak")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let policy = try dir.write("p.json", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:BatchGetImage"}]}"#)
        let commands: [[String]] = [
            ["create-repository", "--repository-name", name],
            ["describe-repositories"],
            ["describe-repositories", "--repository-names", "does-not-exist"],
            ["set-repository-policy", "--repository-name", name, "--policy-text", "file://\(policy)"],
            ["get-repository-policy", "--repository-name", name],
            ["describe-registry"],
            ["get-login-password"],
            ["get-authorization-token"],
            ["delete-repository", "--repository-name", name],
        ]
        let authToken = Data("AWS:123456789012-auth-token".utf8).base64EncodedString()
        var transcript = ""
        for command in commands {
            let result = try server.ecrguard(command + ["--debug"], environment: env)
            transcript += result.stdout + result.stderr
            XCTAssertTrue(result.stderr.contains("[debug]"), "debug logging is on for \(command)")
            XCTAssertFalse(result.stderr.contains(authToken), "auth token in the debug log of \(command)")
            XCTAssertFalse(result.stderr.contains("123456789012-auth-token"), "registry password in the debug log of \(command)")
            if command[0] != "get-login-password" && command[0] != "get-authorization-token" {
                XCTAssertFalse(result.stdout.contains(authToken), "auth token printed by \(command)")
            }
        }
        // A failing, retried transport error with the same secrets (nothing listens there).
        let port = try ServerProcess.freeLoopbackPort()
        let unreachable = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--debug", "--endpoint-url", "http://127.0.0.1:\(port)"],
                                         environment: server.environment(env.merging(["AWS_MAX_ATTEMPTS": "2"]) { $1 }))
        XCTAssertEqual(unreachable.status, 2)
        transcript += unreachable.stdout + unreachable.stderr
        XCTAssertTrue(transcript.contains("Signature=<redacted>"), "the debug log shows the request")
        XCTAssertFalse(transcript.contains(secret), "secret key leaked")
        XCTAssertFalse(transcript.contains(token), "session token leaked")
    }
}
