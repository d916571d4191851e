@testable import ECRClient
import Foundation
import TestSupport
import XCTest

/// Generated paginators (paginators-1.json) and waiters (waiters-2.json) over the runtime's loop helpers.
final class PaginatorAndWaiterTests: XCTestCase {
    nonisolated(unsafe) static var server: ServerProcess?
    nonisolated(unsafe) static var startError: String?

    override class func setUp() {
        super.setUp()
        guard let python = ServerProcess.which("python3") else { return }
        let script = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/stub_ecr_server.py").path
        do { server = try ServerProcess(executable: python, arguments: [script, "PORT"]) } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    private static let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIDSTUB", secretAccessKey: "stub-secret"))

    /// Two pages from a loopback HTTP server that honours maxResults/nextToken.
    func testPaginatorFollowsNextTokenOverTwoPages() throws {
        _ = try requireBinary("python3")
        guard let server = Self.server else { XCTFail("stub server did not start: \(Self.startError ?? "?")"); return }
        let executor = AWSRequestExecutor(transport: try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 10)),
                                          credentials: Self.credentials, retry: RetryPolicy(maxAttempts: 1))
        let ecr = ECR(executor: executor, endpoint: URL(string: server.baseURL)!, region: "us-east-1")
        let pages = try ecr.describeRepositoriesPaginator(.init(repositoryNames: ["paged-4"], maxResults: 2)).allPages()
        XCTAssertEqual(pages.count, 2)
        XCTAssertEqual(pages[0].nextToken, "2")
        XCTAssertNil(pages[1].nextToken)
        XCTAssertEqual(pages.flatMap { $0.repositories ?? [] }.compactMap(\.repositoryName), ["paged-4-000", "paged-4-001", "paged-4-002", "paged-4-003"])
        XCTAssertEqual(pages[1].repositories?.first?.createdAt?.jsonValue(), .number("1700000002.0"))
        XCTAssertEqual(ECR.paginators["DescribeRepositories"]?.resultKeys, ["repositories"])
    }

    /// IAM pages with IsTruncated/Marker: the second request carries the first page's Marker.
    func testMarkerPagingOfGetAccountAuthorizationDetails() throws {
        let first = QueryXMLCodingTests.gaadPage
        let second = """
            <GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated>
            <RoleDetailList><member><RoleName>auditor</RoleName></member></RoleDetailList></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>
            """
        let transport = FakeTransport([.respond(HTTPResponse(status: 200, body: Data(first.utf8))), .respond(HTTPResponse(status: 200, body: Data(second.utf8)))])
        let iam = IAM(executor: AWSRequestExecutor(transport: transport, credentials: Self.credentials), endpoint: URL(string: "https://iam.amazonaws.com")!, region: "us-east-1")
        let pages = try iam.getAccountAuthorizationDetailsPaginator(.init(maxItems: 1)).allPages()
        XCTAssertEqual(pages.flatMap { $0.roleDetailList ?? [] }.compactMap(\.roleName), ["deployer", "auditor"])
        XCTAssertEqual(transport.requests.map { String(decoding: $0.body, as: UTF8.self) }, [
            "Action=GetAccountAuthorizationDetails&Version=2010-05-08&MaxItems=1",
            "Action=GetAccountAuthorizationDetails&Version=2010-05-08&MaxItems=1&Marker=page-2",
        ])
        XCTAssertEqual(IAM.paginators["GetAccountAuthorizationDetails"]?.moreResults, "IsTruncated")
    }

    /// IsTruncated false ends the loop even when a Marker is present; a repeated token is an error.
    func testStopsOnIsTruncatedFalseAndFailsOnARepeatedToken() throws {
        let done = "<R><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><Marker>again</Marker></GetAccountAuthorizationDetailsResult></R>"
        let once = FakeTransport([.respond(HTTPResponse(status: 200, body: Data(done.utf8)))])
        let iam = IAM(executor: AWSRequestExecutor(transport: once, credentials: Self.credentials), endpoint: URL(string: "https://iam.amazonaws.com")!, region: "us-east-1")
        XCTAssertEqual(try iam.getAccountAuthorizationDetailsPaginator().allPages().count, 1)

        let loop = FakeTransport([FakeTransport.json(200, #"{"repositories":[],"nextToken":"same"}"#)])
        let ecr = ECR(executor: AWSRequestExecutor(transport: loop, credentials: Self.credentials), endpoint: URL(string: "https://ecr.example")!, region: "us-east-1")
        XCTAssertThrowsError(try ecr.describeRepositoriesPaginator().allPages()) { error in
            XCTAssertEqual("\(error)", "malformed response to DescribeRepositories: the service repeated the pagination token; stopping")
        }
        XCTAssertEqual(loop.requests.count, 2)
    }

    func testImageScanCompleteWaiter() throws {
        let sleeps = SleepLog()
        func ecr(_ steps: [FakeTransport.Step]) -> (ECR, FakeTransport) {
            let transport = FakeTransport(steps)
            let executor = AWSRequestExecutor(transport: transport, credentials: Self.credentials, retry: RetryPolicy(maxAttempts: 1), sleep: { sleeps.add($0) })
            return (ECR(executor: executor, endpoint: URL(string: "https://ecr.example")!, region: "us-east-1"), transport)
        }
        let input = ECR.DescribeImageScanFindingsRequest(repositoryName: "app", imageId: ECR.ImageIdentifier(imageTag: "v1"))
        let (done, doneTransport) = ecr([FakeTransport.json(200, #"{"imageScanStatus":{"status":"IN_PROGRESS"}}"#),
                                         FakeTransport.json(200, #"{"imageScanStatus":{"status":"COMPLETE"}}"#)])
        try done.waitUntilImageScanComplete(input)
        XCTAssertEqual(doneTransport.requests.count, 2)
        XCTAssertEqual(sleeps.values, [5])

        let (failed, _) = ecr([FakeTransport.json(200, #"{"imageScanStatus":{"status":"FAILED"}}"#)])
        XCTAssertThrowsError(try failed.waitUntilImageScanComplete(input)) { error in
            XCTAssertEqual("\(error)", "Waiter ImageScanComplete failed: a failure state was reached (after 1 attempts)")
        }
        let (missing, _) = ecr([FakeTransport.json(400, #"{"__type":"ScanNotFoundException","message":"no scan"}"#)])
        XCTAssertThrowsError(try missing.waitUntilImageScanComplete(input)) { error in
            XCTAssertEqual("\(error)", "Waiter ImageScanComplete failed: An error occurred (ScanNotFoundException): no scan")
        }
        var waiter = ecr([FakeTransport.json(200, #"{"imageScanStatus":{"status":"IN_PROGRESS"}}"#)]).0.imageScanCompleteWaiter()
        XCTAssertEqual(waiter.maxAttempts, 60)
        waiter.maxAttempts = 3
        XCTAssertThrowsError(try waiter.wait(input)) { error in
            XCTAssertEqual("\(error)", "Waiter ImageScanComplete failed: max attempts (3) exceeded")
        }
    }

    func testLifecyclePolicyPreviewCompleteWaiter() throws {
        let transport = FakeTransport([FakeTransport.json(200, #"{"status":"IN_PROGRESS"}"#), FakeTransport.json(200, #"{"status":"COMPLETE"}"#)])
        let ecr = ECR(executor: AWSRequestExecutor(transport: transport, credentials: Self.credentials, sleep: { _ in }), endpoint: URL(string: "https://ecr.example")!, region: "us-east-1")
        try ecr.waitUntilLifecyclePolicyPreviewComplete(.init(repositoryName: "app"))
        XCTAssertEqual(transport.requests.count, 2)
        XCTAssertEqual(transport.requests.first?.headers.first { $0.name == "X-Amz-Target" }?.value, "AmazonEC2ContainerRegistry_V20150921.GetLifecyclePolicyPreview")
    }
}

final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [TimeInterval] = []
    func add(_ value: TimeInterval) { lock.lock(); recorded.append(value); lock.unlock() }
    var values: [TimeInterval] { lock.lock(); defer { lock.unlock() }; return recorded }
}
