@testable import ECRClient
import Foundation
import XCTest

/// One moto_server per test class (started in class setUp, killed by PID in class tearDown).
final class MotoServer: @unchecked Sendable {
    let server: ServerProcess
    var endpoint: String { server.baseURL }

    /// `fixedClock`: ECR's clock fixed (Servers/moto_fixed_clock.py), for answers that repeat byte for byte.
    init(environment: [String: String] = [:], fixedClock: Bool = false) throws {
        guard let binary = ServerProcess.which("moto_server") else { throw ServerError("moto_server is not installed") }
        if fixedClock {
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Servers/moto_fixed_clock.py").path
            let python = ServerProcess.which("python3") ?? "/usr/bin/python3"
            server = try ServerProcess(executable: python, arguments: [script, "-H", "127.0.0.1", "-p", "PORT"], environment: environment, readyPath: "/moto-api/")
        } else {
            server = try ServerProcess(executable: binary, arguments: ["-H", "127.0.0.1", "-p", "PORT"], environment: environment, readyPath: "/moto-api/")
        }
    }

    func stop() { server.stop() }

    /// The ECR client with fixed credentials against this server (real libcurl transport).
    func service(accessKey: String = "testing", secret: String = "testing", sessionToken: String? = nil, log: DebugLog? = nil,
                 transport: (any HTTPTransport)? = nil) throws -> ECR {
        let curl: any HTTPTransport = if let transport { transport } else { try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 20, debugLog: log)) }
        let executor = AWSRequestExecutor(transport: curl, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: accessKey, secretAccessKey: secret, sessionToken: sessionToken)),
                                          retry: RetryPolicy(maxAttempts: 2, jitter: { 0 }), sleep: { _ in }, debugLog: log)
        return ECR(executor: executor, endpoint: URL(string: endpoint)!, region: "us-east-1")
    }

    /// Environment for `aws` and `ecrguard` child processes talking to this server.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        childEnvironment(["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                          "AWS_PAGER": ""].merging(extra) { $1 })
    }

    /// Runs `aws` against this server; `--output json` unless `output` says otherwise (nil: none given).
    func aws(_ arguments: [String], environment extra: [String: String] = [:], output: String? = "json") throws -> CommandResult {
        guard let aws = ServerProcess.which("aws") else { throw ServerError("aws is not installed") }
        let outputArguments = output.map { ["--output", $0] } ?? []
        return try runCommand(aws, ["--endpoint-url", endpoint] + outputArguments + arguments, environment: environment(extra))
    }

    func ecrguard(_ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandResult {
        try runCommand(ecrguardPath(), ["ecr"] + arguments + ["--endpoint-url", endpoint], environment: environment(extra))
    }
}

/// Shared class-level lifecycle for test classes that need one moto_server.
class MotoTestCase: XCTestCase {
    nonisolated(unsafe) static var servers: [ObjectIdentifier: MotoServer] = [:]
    nonisolated(unsafe) static var startErrors: [ObjectIdentifier: String] = [:]

    /// Environment for moto (subclasses override, e.g. to turn on signature verification).
    class var motoEnvironment: [String: String] { [:] }
    /// Whether ECR's clock is fixed (`MotoServer(fixedClock:)`).
    class var fixedClock: Bool { false }

    override class func setUp() {
        super.setUp()
        guard ServerProcess.which("moto_server") != nil else { return }
        do { servers[ObjectIdentifier(self)] = try MotoServer(environment: motoEnvironment, fixedClock: fixedClock) } catch { startErrors[ObjectIdentifier(self)] = "\(error)" }
    }

    override class func tearDown() {
        servers.removeValue(forKey: ObjectIdentifier(self))?.stop()
        super.tearDown()
    }

    /// The running server; skips (or fails with ECRGUARD_REQUIRE_SERVERS=1) when moto or aws is missing.
    func moto(needsAWSCLI: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws -> MotoServer {
        _ = try requireBinary("moto_server", file: file, line: line)
        if needsAWSCLI { _ = try requireBinary("aws", file: file, line: line) }
        guard let server = Self.servers[ObjectIdentifier(type(of: self))] else {
            XCTFail("moto_server did not start: \(Self.startErrors[ObjectIdentifier(type(of: self))] ?? "unknown")", file: file, line: line)
            throw ServerError("moto_server did not start")
        }
        return server
    }

    func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }
}
