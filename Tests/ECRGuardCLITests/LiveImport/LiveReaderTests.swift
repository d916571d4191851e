@testable import ECRGuardCLI
import ECRClient
import Foundation
import XCTest

/// Answers from a closure, counting calls and the most that ran at once.
final class FakeLiveSource: LiveSource, @unchecked Sendable {
    let respond: @Sendable (LiveRequest, Int) throws(LiveCallFailure) -> Data
    let denied: Set<String>
    private let lock = NSLock()
    private(set) var calls: [String] = []
    private var running = 0
    private(set) var mostAtOnce = 0
    var delay: TimeInterval = 0

    init(denied: Set<String> = [], respond: @escaping @Sendable (LiveRequest, Int) throws(LiveCallFailure) -> Data) {
        self.respond = respond
        self.denied = denied
    }

    func enter(account: String, callerAccount: String) throws(LiveCallFailure) {
        if denied.contains(account) { throw LiveCallFailure(code: "AccessDenied", message: "not authorized to perform: sts:AssumeRole", status: 403) }
    }

    func answer(_ request: LiveRequest, page: Int) throws(LiveCallFailure) -> Data {
        lock.lock()
        calls.append("\(request.call) #\(page)")
        running += 1
        mostAtOnce = max(mostAtOnce, running)
        lock.unlock()
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        defer { lock.lock(); running -= 1; lock.unlock() }
        return try respond(request, page)
    }
}

/// A small account in AWS's shapes: two repositories over two pages, one without a policy, and
/// whatever `override` answers differently.
func fakeAccount(_ override: @escaping @Sendable (LiveRequest, Int) -> Result<String, LiveCallFailure>? = { _, _ in nil }) -> FakeLiveSource {
    FakeLiveSource { (request, page) throws(LiveCallFailure) -> Data in
        if let answer = override(request, page) { return Data(try answer.get().utf8) }
        let call = request.call
        switch (call.service, call.operation) {
        case (.sts, "GetCallerIdentity"):
            return Data("<R><GetCallerIdentityResult><Account>111122223333</Account><Arn>arn:aws:iam::111122223333:user/a</Arn></GetCallerIdentityResult></R>".utf8)
        case (.organizations, "DescribeOrganization"):
            throw LiveCallFailure(code: "AWSOrganizationsNotInUseException", message: "not in an organization", status: 400)
        case (.iam, "GetAccountAuthorizationDetails"):
            return Data("<R><GetAccountAuthorizationDetailsResult><IsTruncated>false</IsTruncated><UserDetailList/><GroupDetailList/><RoleDetailList/><Policies/></GetAccountAuthorizationDetailsResult></R>".utf8)
        case (.ecr, "DescribeRepositories"):
            return Data((page == 0 ? #"{"repositories":[{"repositoryName":"a"}],"nextToken":"t1"}"# : #"{"repositories":[{"repositoryName":"b"}]}"#).utf8)
        case (.ecr, "GetRepositoryPolicy"):
            if call.subject == "b" { throw LiveCallFailure(code: "RepositoryPolicyNotFoundException", message: "none", status: 400) }
            return Data(#"{"policyText":"{\"Version\":\"2012-10-17\",\"Statement\":[]}"}"#.utf8)
        case (.ecr, "GetRegistryPolicy"):
            throw LiveCallFailure(code: "RegistryPolicyNotFoundException", message: "none", status: 400)
        case (.ecr, "GetAccountSetting"):
            return Data(#"{"name":"REGISTRY_POLICY_SCOPE","value":"V2"}"#.utf8)
        default:
            return Data("{}".utf8)
        }
    }
}

final class LiveReaderTests: XCTestCase {
    func plan(_ regions: [String] = ["us-east-1"], accounts: [String]? = nil, concurrency: Int = 4) -> LiveReadPlan {
        LiveReadPlan(accounts: accounts, organizationWide: false, regions: regions, concurrency: concurrency)
    }

    func testPagesAreFollowedAndNotFoundMeansNone() throws {
        let read = try LiveReader(source: fakeAccount()).read(plan())
        let registry = try XCTUnwrap(read.accounts.first?.registries.first)
        XCTAssertEqual(registry.repositories?.compactMap { $0["repositoryName"]?.stringValue }, ["a", "b"])
        XCTAssertEqual(registry.repositoryPolicies["b"], .some(nil))
        XCTAssertNotNil(registry.repositoryPolicies["a"] ?? nil)
        XCTAssertEqual(registry.registryPolicy, .some(nil))
        XCTAssertTrue(read.failures.isEmpty, "\(read.failures)")
        XCTAssertNil(read.organization)
        XCTAssertNil(read.organizationGap)
    }

    /// A denied read is a failure with its account, Region and call: never an empty answer.
    func testDeniedCallIsRecordedNotEmpty() throws {
        let source = fakeAccount { request, _ in
            request.call.operation == "GetRepositoryPolicy" && request.call.subject == "a"
                ? .failure(LiveCallFailure(code: "AccessDeniedException", message: "no", status: 400)) : nil
        }
        let read = try LiveReader(source: source).read(plan())
        let registry = try XCTUnwrap(read.accounts.first?.registries.first)
        XCTAssertNil(registry.repositoryPolicies["a"], "an unread policy must not read as 'no policy'")
        XCTAssertEqual(read.failures.map(\.call.description), ["ecr:GetRepositoryPolicy 111122223333/us-east-1/a"])
        XCTAssertTrue(read.failures[0].failure.isAccessDenied)
    }

    func testAccountThatCannotBeEnteredIsAFailureAndNothingElseIsRead() throws {
        let source = FakeLiveSource(denied: ["444455556666"], respond: fakeAccount().respond)
        let read = try LiveReader(source: source).read(plan(accounts: ["111122223333", "444455556666"]))
        XCTAssertEqual(read.failures.map(\.call.description), ["sts:AssumeRole 444455556666/global"])
        XCTAssertEqual(read.accounts.map(\.entered), [true, false])
        XCTAssertFalse(source.calls.contains { $0.contains("444455556666/") })
    }

    func testRepeatedPagingMarkerStops() throws {
        let source = fakeAccount { request, _ in
            request.call.operation == "DescribeRepositories" ? .success(#"{"repositories":[],"nextToken":"same"}"#) : nil
        }
        let read = try LiveReader(source: source).read(plan())
        XCTAssertEqual(read.failures.map(\.failure.code), ["PagingLoop"])
        XCTAssertNil(read.accounts.first?.registries.first?.repositories)
    }

    func testPoolNeverRunsMoreThanItsWidth() throws {
        let source = fakeAccount()
        source.delay = 0.01
        _ = try LiveReader(source: source).read(plan(["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1"], concurrency: 2))
        XCTAssertEqual(source.mostAtOnce, 2)
    }

    /// A snapshot replays to the same read, offline, with the same failures.
    func testSnapshotReplaysTheSameRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-snapshot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = fakeAccount { request, _ in
            request.call.operation == "GetAccountSetting" ? .failure(LiveCallFailure(code: "AccessDeniedException", message: "no", status: 400)) : nil
        }
        let recorder = try SnapshotRecorder(inner: source, directory: directory)
        let asked = plan(["us-east-1", "us-west-2"])
        let live = try LiveReader(source: recorder).read(asked)
        try recorder.finish(asked)
        let snapshot = try SnapshotSource(directory: directory)
        let replayed = try LiveReader(source: snapshot).read(plan(snapshot.regions, accounts: snapshot.accounts))
        XCTAssertNil(snapshot.accounts)
        XCTAssertEqual(replayed.failures, live.failures)
        XCTAssertEqual(replayed.callCounts, live.callCounts)
        XCTAssertEqual(replayed.accounts.flatMap(\.registries).map { $0.repositories?.count }, live.accounts.flatMap(\.registries).map { $0.repositories?.count })
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("111122223333/us-east-1/ecr/DescribeRepositories.1.json").path))
        // A call the snapshot does not hold is a failure, not an empty answer.
        XCTAssertThrowsError(try snapshot.answer(.json(LiveCall(account: "111122223333", region: "eu-west-1", service: .ecr, operation: "DescribeRegistry")), page: 0))
    }

    func testTokenBucketSpacesRequestsAtTheRate() {
        final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 0); var slept: TimeInterval = 0 }
        let clock = Clock()
        let bucket = TokenBucket(rate: 4, burst: 2, clock: { clock.now }, sleep: { clock.slept += $0; clock.now += $0 })
        for _ in 0..<10 { bucket.take() }
        // Two from the full bucket, then eight at 4 per second.
        XCTAssertEqual(clock.slept, 2.0, accuracy: 1e-9)
    }
}
