@testable import ECRClient
import Foundation
import XCTest

/// Container and IMDSv2 credentials served by the stub on loopback, used end to end by the CLI; and
/// TLS: verification on, `--ca-bundle` / `AWS_CA_BUNDLE` to trust a private CA, host names checked.
final class CredentialEndpointTests: XCTestCase {
    nonisolated(unsafe) static var plain: ServerProcess?
    nonisolated(unsafe) static var tls: ServerProcess?
    nonisolated(unsafe) static var tlsDirectory: TemporaryDirectory?
    nonisolated(unsafe) static var startError: String?

    static let script = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/stub_ecr_server.py").path

    override class func setUp() {
        super.setUp()
        guard let python = ServerProcess.which("python3") else { startError = "python3 missing"; return }
        do {
            plain = try ServerProcess(executable: python, arguments: [script, "PORT"])
            if let openssl = ServerProcess.which("openssl") {
                let dir = try TemporaryDirectory()
                tlsDirectory = dir
                let result = try runCommand(openssl, ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                                      "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.url.path + "/key.pem",
                                                      "-out", dir.url.path + "/cert.pem"], environment: ProcessInfo.processInfo.environment)
                guard result.status == 0 else { startError = "openssl failed: \(result.stderr)"; return }
                tls = try ServerProcess(executable: python, arguments: [script, "PORT", "--tls", dir.url.path + "/cert.pem", dir.url.path + "/key.pem"], readyPath: nil)
            }
        } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        plain?.stop()
        tls?.stop()
        tlsDirectory?.remove()
        super.tearDown()
    }

    private func server(_ which: ServerProcess?) throws -> ServerProcess {
        _ = try requireBinary("python3")
        guard let which else { XCTFail("stub did not start: \(Self.startError ?? "?")"); throw ServerError("no stub") }
        return which
    }

    private func lastKey(_ server: ServerProcess) throws -> JSONValue? {
        let transport = try CurlTransport()
        let response = try transport.send(HTTPRequest(method: "GET", endpoint: URL(string: server.baseURL + "/keys")!))
        return try JSONValue.parse(response.body).arrayValue?.last
    }

    private func noKeys(_ extra: [String: String]) -> [String: String] {
        var env = childEnvironment(["AWS_REGION": "us-east-1"].merging(extra) { $1 })
        env["AWS_ACCESS_KEY_ID"] = nil
        env["AWS_SECRET_ACCESS_KEY"] = nil
        return env
    }

    func testCLIUsesContainerCredentials() throws {
        let stub = try server(Self.plain)
        let env = noKeys(["AWS_CONTAINER_CREDENTIALS_FULL_URI": stub.baseURL + "/container-credentials", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-test-token"])
        let result = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", stub.baseURL, "--debug"], environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try lastKey(stub), .object([("key", .string("ASIASTUBTEMPORARY")), ("token", .bool(true))]))
        for secret in ["stub-temporary-secret", "stub-temporary-token", "container-test-token"] {
            XCTAssertFalse(result.stderr.contains(secret) || result.stdout.contains(secret), "\(secret) leaked")
        }
        let wrongToken = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", stub.baseURL],
                                        environment: env.merging(["AWS_CONTAINER_AUTHORIZATION_TOKEN": "wrong", "AWS_MAX_ATTEMPTS": "1"]) { $1 })
        XCTAssertEqual(wrongToken.status, 2)
        XCTAssertFalse(wrongToken.stderr.contains("wrong"), wrongToken.stderr)
    }

    func testCLIUsesInstanceMetadataV2() throws {
        let stub = try server(Self.plain)
        let env = noKeys(["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": stub.baseURL])
        let result = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", stub.baseURL, "--debug"], environment: env)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try lastKey(stub)?["key"], .string("ASIASTUBTEMPORARY"))
        XCTAssertFalse(result.stderr.contains("imds-session-token-for-tests"), "the IMDS session token is redacted")
        XCTAssertTrue(result.stderr.contains("source: ec2-instance-metadata"), result.stderr)
    }

    /// No keys anywhere and IMDS answering 403: the chain ends with "no credentials found", naming every
    /// source tried and IMDS's answer, for `ecr` operations and `plan` alike; never an ECR operation's error.
    func testInstanceMetadataForbiddenEndsInNoCredentialsFound() throws {
        let stub = try server(Self.plain)
        let home = try TemporaryDirectory()
        defer { home.remove() }
        try home.write("ecrguard.yaml", "version: 1\nregistries:\n  - name: main\n    account: \"123456789012\"\n    region: us-east-1\n")
        var env = noKeys(["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": stub.baseURL + "/imds-forbidden",
                          "HOME": home.url.path, "AWS_MAX_ATTEMPTS": "1"])
        env["AWS_CONFIG_FILE"] = nil
        env["AWS_SHARED_CREDENTIALS_FILE"] = nil
        let expected = "no credentials found (tried: environment, assume-role (profile default), web-identity, profile default, container, ec2-instance-metadata (HTTP 403))"
        for arguments in [["ecr", "describe-registry"], ["plan", home.url.path]] {
            let result = try runCommand(ecrguardPath(), arguments + ["--endpoint-url", stub.baseURL], environment: env)
            XCTAssertEqual(result.status, 2, result.stderr)
            XCTAssertTrue(result.stderr.contains("ecrguard: " + expected), result.stderr)
            XCTAssertFalse(result.stderr.contains("DescribeRegistry"), "not attributed to the ECR operation: \(result.stderr)")
        }
    }

    func testTLSIsVerifiedAndACABundleIsHonoured() throws {
        _ = try requireBinary("openssl")
        let stub = try server(Self.tls)
        let ca = try XCTUnwrap(Self.tlsDirectory).url.path + "/cert.pem"
        let url = "https://127.0.0.1:\(stub.port)"
        let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDTLS", secretAccessKey: "tls-secret"))
        func service(caBundle: String?, host: String = "127.0.0.1") throws -> (ECR, FakeCounter) {
            let counter = FakeCounter(inner: try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 5, caBundle: caBundle)))
            let executor = AWSRequestExecutor(transport: counter, credentials: credentials, retry: RetryPolicy(maxAttempts: 3, jitter: { 0 }), sleep: { _ in })
            return (ECR(executor: executor, endpoint: URL(string: "https://\(host):\(stub.port)")!, region: "us-east-1"), counter)
        }
        let (untrusted, untrustedCount) = try service(caBundle: nil)
        XCTAssertThrowsError(try untrusted.describeRegistry()) { error in
            guard case AWSClientError.transport(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .tls)
        }
        XCTAssertEqual(untrustedCount.count, 1, "a certificate failure is not retried")
        XCTAssertEqual(try service(caBundle: ca).0.describeRegistry().registryId, "123456789012")
        XCTAssertThrowsError(try service(caBundle: ca, host: "localhost").0.describeRegistry(), "the host name must match the certificate")

        let env = childEnvironment(["AWS_ACCESS_KEY_ID": "AKIDTLS", "AWS_SECRET_ACCESS_KEY": "tls-secret", "AWS_REGION": "us-east-1"])
        let refused = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", url], environment: env)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("TLS error"), refused.stderr)
        let flag = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", url, "--ca-bundle", ca], environment: env)
        XCTAssertEqual(flag.status, 0, flag.stderr)
        let variable = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", url], environment: env.merging(["AWS_CA_BUNDLE": ca]) { $1 })
        XCTAssertEqual(variable.status, 0, variable.stderr)
        let missing = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", url, "--ca-bundle", "/nonexistent/ca.pem"], environment: env)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("cannot read CA bundle"), missing.stderr)
    }
}

/// Counts requests passed to a real transport.
final class FakeCounter: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    private(set) var count = 0
    init(inner: any HTTPTransport) { self.inner = inner }
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        count += 1
        return try inner.send(request)
    }
}
