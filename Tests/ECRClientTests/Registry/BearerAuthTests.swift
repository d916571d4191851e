import Foundation
@testable import Registry
import TestSupport
import XCTest

/// Bearer (token) authentication: docker-registry with `auth: token`, a token server on loopback that
/// signs ES256 tokens, ecrguard asking it for a token per repository scope with Basic credentials.
final class BearerAuthTests: XCTestCase {
    func testPushAndPullWithTokensFromATokenServer() throws {
        let work = try TemporaryDirectory(); defer { work.remove() }
        let openssl = try requireBinary("openssl")
        let python = try requireBinary("python3")
        _ = try requireBinary("skopeo")
        let key = work.url.appendingPathComponent("token.key").path, certificate = work.url.appendingPathComponent("token.pem").path
        let made = try runCommand(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key,
                                            "-out", certificate, "-days", "2", "-subj", "/CN=token signer"], environment: childEnvironment([:]))
        XCTAssertEqual(made.status, 0, made.stderr)
        let password = "bearer-secret-1"
        let script = TestRequirements.repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/token_server.py").path
        let tokenServer = try ServerProcess(executable: python, arguments: [script, "PORT", key, certificate, "AWS", password], readyPath: "/")
        defer { tokenServer.stop() }
        let registry = try DockerRegistryServer(auth: .token(realm: "http://127.0.0.1:\(tokenServer.port)/token", certificate: certificate))
        defer { registry.stop() }

        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--layers", "2", "--seed", "51"])
        let reference = "\(registry.address)/bearer/app:v1"
        let push = try runCommand(ecrguardPath(), ["push", layout.path, reference, "--plain-http", "--username", "AWS", "--password-stdin"],
                                  environment: childEnvironment([:]), stdin: Data(password.utf8))
        XCTAssertEqual(push.status, 0, push.stderr)
        XCTAssertTrue(tokenServer.logText.contains("scope=repository:bearer/app:pull,push"), tokenServer.logText)
        let pulled = work.url.appendingPathComponent("pulled")
        let pull = try runCommand(ecrguardPath(), ["pull", reference, pulled.path, "--plain-http", "--username", "AWS", "--password-stdin"],
                                  environment: childEnvironment([:]), stdin: Data(password.utf8))
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertTrue(pull.stdout.contains(digest))
        let wrong = try runCommand(ecrguardPath(), ["pull", reference, work.url.appendingPathComponent("denied").path, "--plain-http",
                                                    "--username", "AWS", "--password-stdin"], environment: childEnvironment([:]), stdin: Data("wrong".utf8))
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("token request to 127.0.0.1: HTTP 401"), wrong.stderr)
        XCTAssertFalse(wrong.stderr.contains("wrong"))
    }
}
