@testable import ECRClient
import Foundation
import XCTest

/// Behaviour against a real HTTP server that misbehaves on purpose (Servers/stub_ecr_server.py):
/// every case ends in a retry or a clear error, never a crash or a hang.
final class StubServerTests: XCTestCase {
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
        guard let server = Self.server else { XCTFail("stub server did not start: \(Self.startError ?? "?")"); throw ServerError("no stub") }
        return server
    }

    private func service(timeout: TimeInterval = 5, attempts: Int = 3, log: DebugLog? = nil) throws -> (ECR, CurlTransport) {
        let transport = try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: timeout, debugLog: log))
        let executor = AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDSTUB", secretAccessKey: "stub-secret")),
                                          retry: RetryPolicy(maxAttempts: attempts, jitter: { 0 }), sleep: { _ in }, debugLog: log)
        return (ECR(executor: executor, endpoint: URL(string: try stub().baseURL)!, region: "us-east-1"), transport)
    }

    private func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    func testPagingCollectsEveryPageWithMaxResults() throws {
        let (ecr, transport) = try service()
        let repositories = try ecr.describeRepositoriesPaginator(.init(repositoryNames: ["paged-7"], maxResults: 3)).allPages().flatMap { $0.repositories ?? [] }
        XCTAssertEqual(repositories.map(\.repositoryName), (0..<7).map { String(format: "paged-7-%03d", $0) })
        XCTAssertEqual(try ecr.listImagesPaginator(.init(repositoryName: "paged-5", maxResults: 2)).allPages().flatMap { $0.imageIds ?? [] }.count, 5)
        let images = try ecr.describeImagesPaginator(.init(repositoryName: "paged-4", maxResults: 3)).allPages().flatMap { $0.imageDetails ?? [] }
        XCTAssertEqual(images.map(\.imageSizeInBytes), [1000, 1001, 1002, 1003])
        XCTAssertEqual(transport.lastNewConnections, 0, "the keep-alive connection is reused")
    }

    func testThrottlingThenSuccess() throws {
        let (ecr, _) = try service()
        let name = unique("throttle-2")
        XCTAssertEqual(try ecr.describeRepositoriesPaginator(.init(repositoryNames: [name])).allPages().flatMap { $0.repositories ?? [] }.count, 1)
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("throttle-5")]))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "ThrottlingException")
        }
    }

    func testServiceUnavailableHTMLIsRetried() throws {
        let (ecr, _) = try service()
        XCTAssertEqual(try ecr.describeRepositories(.init(repositoryNames: [unique("unavailable-2")])).repositories?.count, 1)
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("unavailable-9")]))) { error in
            guard case AWSClientError.service(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.status, 503)
            XCTAssertEqual(failure.code, "HTTP503")
        }
    }

    func testPersistent500IsReportedAfterRetries() throws {
        let (ecr, _) = try service(attempts: 3)
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("error500")]))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "ServerException")
        }
    }

    func testSlowServerTimesOutInsteadOfHanging() throws {
        let (ecr, _) = try service(timeout: 0.5, attempts: 2)
        let start = Date()
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("slow")]))) { error in
            guard case AWSClientError.transport(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .timedOut)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 3, "two attempts of 0.5 s each")
    }

    func testMalformedTruncatedAndEmptyBodies() throws {
        let (ecr, _) = try service()
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("malformed")]))) { error in
            guard case AWSClientError.malformedResponse = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("truncated")]))) { error in
            guard case AWSClientError.transport(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .truncated)
        }
        XCTAssertEqual(try ecr.describeRepositories(.init(repositoryNames: [unique("empty")])).repositories?.count ?? 0, 0)
    }

    func testXMLAuthErrorFromServer() throws {
        let (ecr, _) = try service()
        XCTAssertThrowsError(try ecr.describeRepositories(.init(repositoryNames: [unique("xmlauth")]))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "SignatureDoesNotMatch")
        }
    }

    func testConnectionRefusedIsRetriedThenReported() throws {
        let port = try ServerProcess.freeLoopbackPort()
        let transport = try CurlTransport(options: TransportOptions(connectTimeout: 1, totalTimeout: 2))
        let executor = AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "a", secretAccessKey: "b")),
                                          retry: RetryPolicy(maxAttempts: 3, jitter: { 0 }), sleep: { _ in })
        let ecr = ECR(executor: executor, endpoint: URL(string: "http://127.0.0.1:\(port)")!, region: "us-east-1")
        XCTAssertThrowsError(try ecr.describeRegistry()) { error in
            guard case AWSClientError.transport(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .connectionFailed)
        }
    }

    func testPullThroughCacheRulesAndAccountSettings() throws {
        let (ecr, _) = try service()
        let prefix = unique("quay")
        let created = try ecr.createPullThroughCacheRule(.init(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: "quay.io", upstreamRegistry: ECR.UpstreamRegistry(rawValue: "quay")))
        XCTAssertEqual(created.upstreamRegistryUrl, "quay.io")
        let rules = try ecr.describePullThroughCacheRulesPaginator(.init(ecrRepositoryPrefixes: [prefix])).allPages().flatMap { $0.pullThroughCacheRules ?? [] }
        XCTAssertEqual(rules.compactMap(\.ecrRepositoryPrefix), [prefix])
        XCTAssertThrowsError(try ecr.createPullThroughCacheRule(.init(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: "quay.io"))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "PullThroughCacheRuleAlreadyExistsException")
        }
        XCTAssertEqual(try ecr.deletePullThroughCacheRule(.init(ecrRepositoryPrefix: prefix)).ecrRepositoryPrefix, prefix)
        XCTAssertEqual(try ecr.describePullThroughCacheRulesPaginator(.init(ecrRepositoryPrefixes: [prefix])).allPages().flatMap { $0.pullThroughCacheRules ?? [] }.count, 0)

        XCTAssertEqual(try ecr.putAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE", value: "V1")).value, "V1")
        XCTAssertEqual(try ecr.getAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE")).value, "V1")
        XCTAssertThrowsError(try ecr.putAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE", value: "V3"))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "ValidationException")
        }
    }

    func testCLIPagesAndReportsErrorsWithExitCode2() throws {
        let server = try stub()
        let env = childEnvironment(["AWS_ACCESS_KEY_ID": "AKIDCLI", "AWS_SECRET_ACCESS_KEY": "cli-secret", "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "2"])
        let paged = try runCommand(ecrguardPath(), ["ecr", "describe-repositories", "--endpoint-url", server.baseURL, "--repository-names", "paged-5", "--page-size", "2"], environment: env)
        XCTAssertEqual(paged.status, 0, paged.stderr)
        XCTAssertEqual(try JSONValue.parse(paged.stdout)["repositories"]?.arrayValue?.count, 5)

        let images = try runCommand(ecrguardPath(), ["ecr", "list-images", "--endpoint-url", server.baseURL, "--repository-name", "paged-5", "--page-size", "2"], environment: env)
        XCTAssertEqual(try JSONValue.parse(images.stdout)["imageIds"]?.arrayValue?.count, 5, images.stderr)
        let details = try runCommand(ecrguardPath(), ["ecr", "describe-images", "--endpoint-url", server.baseURL, "--repository-name", "paged-3", "--page-size", "2"], environment: env)
        XCTAssertEqual(try JSONValue.parse(details.stdout)["imageDetails"]?.arrayValue?.count, 3, details.stderr)
        let scope = try runCommand(ecrguardPath(), ["ecr", "put-account-setting", "--endpoint-url", server.baseURL, "--name", "BASIC_SCAN_TYPE_VERSION", "--value", "CLAIR"], environment: env)
        XCTAssertEqual(scope.status, 0, scope.stderr)
        let read = try runCommand(ecrguardPath(), ["ecr", "get-account-setting", "--endpoint-url", server.baseURL, "--name", "BASIC_SCAN_TYPE_VERSION"], environment: env)
        XCTAssertEqual(try JSONValue.parse(read.stdout), .object([("name", .string("BASIC_SCAN_TYPE_VERSION")), ("value", .string("CLAIR"))]))

        let failed = try runCommand(ecrguardPath(), ["ecr", "describe-repositories", "--endpoint-url", server.baseURL, "--repository-names", unique("error500")], environment: env)
        XCTAssertEqual(failed.status, 2)
        XCTAssertTrue(failed.stderr.contains("An error occurred (ServerException) when calling the DescribeRepositories operation: internal failure"), failed.stderr)
        XCTAssertEqual(failed.stdout, "")

        let start = Date()
        let slow = try runCommand(ecrguardPath(), ["ecr", "describe-repositories", "--endpoint-url", server.baseURL, "--repository-names", unique("slow"), "--cli-read-timeout", "0.5"], environment: env)
        XCTAssertEqual(slow.status, 2)
        XCTAssertTrue(slow.stderr.contains("timed out"), slow.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 4)
    }

    func testProxyFromEnvironmentIsUsed() throws {
        let server = try stub()
        let env = childEnvironment(["AWS_ACCESS_KEY_ID": "AKIDPROXY", "AWS_SECRET_ACCESS_KEY": "proxy-secret", "AWS_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1"])
        // ecr.example.invalid does not resolve: only a proxy can answer for it.
        let direct = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", "http://ecr.example.invalid"], environment: env)
        XCTAssertEqual(direct.status, 2)
        let proxied = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", "http://ecr.example.invalid"],
                                     environment: env.merging(["http_proxy": server.baseURL]) { $1 })
        XCTAssertEqual(proxied.status, 0, proxied.stderr)
        XCTAssertEqual(try JSONValue.parse(proxied.stdout)["registryId"], .string("123456789012"))
        let bypassed = try runCommand(ecrguardPath(), ["ecr", "describe-registry", "--endpoint-url", "http://ecr.example.invalid"],
                                      environment: env.merging(["http_proxy": server.baseURL, "no_proxy": "example.invalid"]) { $1 })
        XCTAssertEqual(bypassed.status, 2, "no_proxy is honoured")
    }

    func testApplySetsRegistryPolicyScopeBeforeThePolicyAndCreatesCacheRules() throws {
        let server = try stub()
        let (ecr, _) = try service()
        let current = try ecr.getAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE")).value
        let wanted = current == "V1" ? "V2" : "V1"
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let prefix = unique("ghcr")
        try dir.write("ecrguard.yaml", """
        version: 1
        registries:
          - name: main
            account: "123456789012"
            region: us-east-1
            registryPolicy:
              file: registry.json
              scope: \(wanted)
            pullThroughCache:
              - ecrRepositoryPrefix: \(prefix)
                upstreamRegistryUrl: ghcr.io
        """)
        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Replicate","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::210987654321:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
        try dir.write("registry.json", policy)
        let env = childEnvironment(["AWS_ACCESS_KEY_ID": "AKIDAPPLY", "AWS_SECRET_ACCESS_KEY": "apply-secret"])
        let apply = try runCommand(ecrguardPath(), ["apply", dir.url.path, "--auto-approve", "--endpoint-url", server.baseURL, "--backup-dir", dir.url.path + "/backups"], environment: env)
        XCTAssertEqual(apply.status, 0, apply.stderr)
        let order = ["~ account setting REGISTRY_POLICY_SCOPE \(current ?? "?") -> \(wanted)", "registry policy from", "+ pull-through cache rule \(prefix) -> ghcr.io"]
        for line in order { XCTAssertTrue(apply.stdout.contains(line), "\(line) missing in:\n\(apply.stdout)") }
        let scopeLine = try XCTUnwrap(apply.stdout.range(of: order[0]), apply.stdout)
        let policyLine = try XCTUnwrap(apply.stdout.range(of: "applied: main: + registry policy"), apply.stdout)
        XCTAssertLessThan(scopeLine.lowerBound, policyLine.lowerBound, "the scope is set before the policy written for it")
        XCTAssertTrue(apply.stdout.contains(order[2]), apply.stdout)
        XCTAssertEqual(try ecr.getAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE")).value, wanted)
        XCTAssertEqual(try ecr.describePullThroughCacheRulesPaginator(.init(ecrRepositoryPrefixes: [prefix])).allPages().flatMap { $0.pullThroughCacheRules ?? [] }.first?.upstreamRegistryUrl, "ghcr.io")
        let again = try runCommand(ecrguardPath(), ["plan", dir.url.path, "--endpoint-url", server.baseURL], environment: env)
        XCTAssertTrue(again.stdout.hasSuffix("No changes.\n"), again.stdout)
    }
}
