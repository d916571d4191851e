@testable import ECRClient
import Foundation

/// An in-memory `HTTPTransport`: records every request and answers from a script of responses or
/// transport errors, in order (the last entry repeats).
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    enum Step {
        case respond(HTTPResponse)
        case fail(TransportError)
    }

    private let lock = NSLock()
    private var steps: [Step]
    private(set) var requests: [HTTPRequest] = []
    /// Optional routing by URL path or target, checked before the script.
    var handler: ((HTTPRequest) -> Step?)?

    init(_ steps: [Step] = []) { self.steps = steps }

    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        lock.lock()
        requests.append(request)
        let step: Step
        if let routed = handler?(request) {
            step = routed
        } else if steps.count > 1 {
            step = steps.removeFirst()
        } else if let last = steps.first {
            step = last
        } else {
            step = .fail(TransportError(kind: .connectionFailed, message: "no scripted answer", url: request.urlString))
        }
        lock.unlock()
        switch step {
        case .respond(let response): return response
        case .fail(let error): throw error
        }
    }

    static func json(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> Step {
        .respond(HTTPResponse(status: status, headers: headers + [HTTPHeader("Content-Type", "application/x-amz-json-1.1")], body: Data(body.utf8)))
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}

/// Records the pauses the retry loop asked for instead of sleeping.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var delays: [TimeInterval] = []
    func sleep(_ seconds: TimeInterval) { lock.lock(); delays.append(seconds); lock.unlock() }
}

func makeService(_ transport: FakeTransport, maxAttempts: Int = 3, sleeper: SleepRecorder = SleepRecorder(),
                 credentials: AWSCredentials = AWSCredentials(accessKeyId: "AKIDFAKE", secretAccessKey: "fake-secret-key-123")) -> ECR {
    let executor = AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(credentials),
                                      retry: RetryPolicy(maxAttempts: maxAttempts, jitter: { 0.5 }),
                                      clock: { Date(timeIntervalSince1970: 1_800_000_000) }, sleep: { sleeper.sleep($0) })
    return ECR(executor: executor, endpoint: URL(string: "https://api.ecr.us-east-1.amazonaws.com")!, region: "us-east-1")
}
