import Foundation
import TestSupport
import XCTest

/// A `docker-registry` (distribution 2.8) on a free loopback port, with htpasswd user `AWS` and the given
/// password (an ECR-style token), over plain HTTP or TLS with a CA made by openssl, or with Bearer token
/// auth from a token server of the test's own. Its storage is a temporary directory.
final class DockerRegistryServer: @unchecked Sendable {
    enum Auth { case htpasswd(password: String), token(realm: String, certificate: String) }

    let directory: TemporaryDirectory
    let server: ServerProcess
    let tls: Bool
    /// The CA that signed the registry's certificate (TLS only).
    let caBundle: String?
    var address: String { "127.0.0.1:\(server.port)" }
    var storage: URL { directory.url.appendingPathComponent("data/docker/registry/v2") }

    init(auth: Auth, tls: Bool = false) throws {
        let binary = try requireBinary("docker-registry")
        directory = try TemporaryDirectory()
        self.tls = tls
        let root = directory.url.path
        var authBlock: String
        switch auth {
        case .htpasswd(let password):
            let htpasswd = try requireBinary("htpasswd")
            let result = try runCommand(htpasswd, ["-Bbn", "AWS", password], environment: childEnvironment([:]))
            guard result.status == 0 else { throw ServerError("htpasswd failed: \(result.stderr)") }
            try directory.write("htpasswd", result.stdout)
            authBlock = "auth: {htpasswd: {realm: \"https://123456789012.dkr.ecr.us-east-1.amazonaws.com\", path: \(root)/htpasswd}}"
        case .token(let realm, let certificate):
            authBlock = "auth: {token: {realm: \"\(realm)\", service: test-registry, issuer: test-issuer, rootcertbundle: \(certificate)}}"
        }
        var tlsBlock = ""
        if tls {
            caBundle = try Self.makeCertificates(in: directory)
            tlsBlock = ", tls: {certificate: \(root)/server.pem, key: \(root)/server.key}"
        } else {
            caBundle = nil
        }
        try directory.write("config.yml", """
        version: 0.1
        log: {level: error, accesslog: {disabled: true}}
        storage: {filesystem: {rootdirectory: \(root)/data}, delete: {enabled: true}}
        http: {addr: "127.0.0.1:PORT", secret: test-only\(tlsBlock)}
        \(authBlock)

        """)
        // ServerProcess replaces PORT in arguments only: write the port into the config first.
        let port = try ServerProcess.freeLoopbackPort()
        let config = try String(contentsOfFile: root + "/config.yml", encoding: .utf8).replacingOccurrences(of: "PORT", with: String(port))
        try directory.write("config.yml", config)
        server = try ServerProcess(executable: binary, arguments: ["serve", root + "/config.yml"], readyPath: tls ? nil : "/v2/", fixedPort: port)
    }

    func stop() {
        server.stop()
        directory.remove()
    }

    /// A CA and a server certificate for 127.0.0.1 signed by it; returns the CA's PEM path.
    static func makeCertificates(in directory: TemporaryDirectory) throws -> String {
        let openssl = try requireBinary("openssl")
        let root = directory.url.path
        try directory.write("ext.cnf", "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n")
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(root)/ca.key", "-out", "\(root)/ca.pem", "-days", "2", "-subj", "/CN=ecrguard test CA"],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(root)/server.key", "-out", "\(root)/server.csr", "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", "\(root)/server.csr", "-CA", "\(root)/ca.pem", "-CAkey", "\(root)/ca.key", "-CAcreateserial",
             "-out", "\(root)/server.pem", "-days", "2", "-extfile", "\(root)/ext.cnf"],
        ]
        for step in steps {
            let result = try runCommand(openssl, step, environment: childEnvironment([:]))
            guard result.status == 0 else { throw ServerError("openssl \(step[0]) failed: \(result.stderr)") }
        }
        return "\(root)/ca.pem"
    }

    /// The path of a blob's bytes in the registry's storage (to corrupt it behind the registry's back).
    func blobDataPath(_ hex: String) -> URL {
        storage.appendingPathComponent("blobs/sha256/\(hex.prefix(2))/\(hex)/data")
    }
}

/// Runs `make_image.py` (Tests/ECRClientTests/Servers): an OCI layout or a docker save archive.
@discardableResult
func makeImage(_ arguments: [String]) throws -> String {
    let python = try requireBinary("python3")
    let script = TestRequirements.repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/make_image.py").path
    let result = try runCommand(python, [script] + arguments, environment: childEnvironment([:]))
    guard result.status == 0 else { throw ServerError("make_image.py failed: \(result.stderr)") }
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
}
