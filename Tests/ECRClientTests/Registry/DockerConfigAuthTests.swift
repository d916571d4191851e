import Foundation
import TestSupport
import XCTest

/// `--auth docker-config` (and `auto` for a host that is not ECR): credentials from the Docker config,
/// an `auths` entry or a credential helper called as Docker calls it.
final class DockerConfigAuthTests: XCTestCase {
    func testAuthsEntryAndCredentialHelperAreUsed() throws {
        let password = "config-token-1"
        let registry = try DockerRegistryServer(auth: .htpasswd(password: password))
        defer { registry.stop() }
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--layers", "1", "--seed", "61"])
        let config = work.url.appendingPathComponent("docker")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let auth = Data("AWS:\(password)".utf8).base64EncodedString()
        try Data(#"{"auths": {"\#(registry.address)": {"auth": "\#(auth)"}}}"#.utf8).write(to: config.appendingPathComponent("config.json"))
        let pushed = try runCommand(ecrguardPath(), ["push", layout.path, "\(registry.address)/config/app:v1", "--plain-http"],
                                    environment: childEnvironment(["DOCKER_CONFIG": config.path]))
        XCTAssertEqual(pushed.status, 0, pushed.stderr)

        // A credential helper on PATH: the server URL arrives on stdin without a newline, the answer is JSON.
        let bin = work.url.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let seen = work.url.appendingPathComponent("helper-stdin")
        try work.write("bin/docker-credential-testhelper", """
        #!/bin/sh
        [ "$1" = get ] || exit 1
        cat > '\(seen.path)'
        printf '{"ServerURL":"x","Username":"AWS","Secret":"\(password)"}'

        """, executable: true)
        try Data(#"{"credHelpers": {"\#(registry.address)": "testhelper"}}"#.utf8).write(to: config.appendingPathComponent("config.json"))
        let pulled = work.url.appendingPathComponent("pulled")
        let environment = childEnvironment(["DOCKER_CONFIG": config.path, "PATH": bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
        let pull = try runCommand(ecrguardPath(), ["pull", "\(registry.address)/config/app:v1", pulled.path, "--plain-http", "--auth", "docker-config"],
                                  environment: environment)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertTrue(pull.stdout.contains(digest))
        XCTAssertEqual(try String(contentsOf: seen, encoding: .utf8), registry.address)
    }
}
