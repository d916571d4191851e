import Foundation
import JMESPath

/// Why a waiter stopped without reaching its success state.
public struct AWSWaiterError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable {
        /// An acceptor with the failure state matched.
        case failureState
        /// `maxAttempts` answers matched no terminal acceptor.
        case maxAttemptsExceeded
        /// The operation failed with an error no acceptor names.
        case unexpectedError(AWSClientError)
    }

    public var waiter: String
    public var reason: Reason
    public var attempts: Int

    public var description: String {
        switch reason {
        case .failureState: "Waiter \(waiter) failed: a failure state was reached (after \(attempts) attempts)"
        case .maxAttemptsExceeded: "Waiter \(waiter) failed: max attempts (\(attempts)) exceeded"
        case .unexpectedError(let error): "Waiter \(waiter) failed: \(error)"
        }
    }
}

/// A waiter of waiters-2.json: calls the operation every `delay` seconds until an acceptor decides
/// (botocore's rules: the first matching acceptor wins; an error no acceptor matches ends the wait).
public struct AWSWaiter<Input, Output: JSONShapeEncodable> {
    public enum State: String, Sendable { case success, failure, retry }

    public enum Matcher: Sendable {
        /// A JMESPath expression over the answer equals `expected`.
        case path(String)
        /// The expression gives a non-empty list whose items all equal `expected`.
        case pathAll(String)
        /// The expression gives a list with an item equal to `expected`.
        case pathAny(String)
        /// The HTTP status equals `expected`.
        case status
        /// The error code equals `expected` (or, with `true`/`false`, any error / none).
        case error
    }

    public struct Acceptor: Sendable {
        public var state: State
        public var matcher: Matcher
        public var expected: JSONValue

        public init(state: State, matcher: Matcher, expected: JSONValue) {
            self.state = state
            self.matcher = matcher
            self.expected = expected
        }
    }

    public let name: String
    public let operation: String
    public var delay: TimeInterval
    public var maxAttempts: Int
    public let acceptors: [Acceptor]
    let sleep: @Sendable (TimeInterval) -> Void
    let send: (Input) throws(AWSClientError) -> Output

    public init(name: String, operation: String, delay: TimeInterval, maxAttempts: Int, acceptors: [Acceptor],
                sleep: @escaping @Sendable (TimeInterval) -> Void, send: @escaping (Input) throws(AWSClientError) -> Output) {
        self.name = name
        self.operation = operation
        self.delay = delay
        self.maxAttempts = maxAttempts
        self.acceptors = acceptors
        self.sleep = sleep
        self.send = send
    }

    public func wait(_ input: Input) throws(AWSWaiterError) {
        var attempt = 0
        while true {
            attempt += 1
            let outcome: Result<Output, AWSClientError>
            do { outcome = .success(try send(input)) } catch { outcome = .failure(error) }
            let state = acceptors.first { matches($0, outcome) }?.state
            switch (state, outcome) {
            case (.success?, _): return
            case (.failure?, _): throw AWSWaiterError(waiter: name, reason: .failureState, attempts: attempt)
            case (nil, .failure(let error)): throw AWSWaiterError(waiter: name, reason: .unexpectedError(error), attempts: attempt)
            case (.retry?, _), (nil, .success): break
            }
            guard attempt < maxAttempts else { throw AWSWaiterError(waiter: name, reason: .maxAttemptsExceeded, attempts: attempt) }
            sleep(delay)
        }
    }

    func matches(_ acceptor: Acceptor, _ outcome: Result<Output, AWSClientError>) -> Bool {
        switch (acceptor.matcher, outcome) {
        case (.status, .success): return acceptor.expected == .int(200)
        case (.status, .failure(let error)):
            if case .service(let service) = error { return acceptor.expected == .int(service.status) }
            return false
        case (.error, .success): return acceptor.expected == .bool(false)
        case (.error, .failure(let error)):
            if acceptor.expected == .bool(true) { return error.code != nil }
            return error.code != nil && acceptor.expected == .string(error.code!)
        case (.path, .failure), (.pathAll, .failure), (.pathAny, .failure): return false
        case (.path(let expression), .success(let output)):
            return search(expression, output).map { $0 == expected(acceptor) } ?? false
        case (.pathAll(let expression), .success(let output)):
            guard case .array(let items)? = search(expression, output), !items.isEmpty else { return false }
            return items.allSatisfy { $0 == expected(acceptor) }
        case (.pathAny(let expression), .success(let output)):
            guard case .array(let items)? = search(expression, output) else { return false }
            return items.contains { $0 == expected(acceptor) }
        }
    }

    private func search(_ expression: String, _ output: Output) -> JMESValue? {
        guard let value = try? JMESValue(jsonText: output.jsonValue().compact) else { return nil }
        return try? JMESPath.search(expression, in: value)
    }

    private func expected(_ acceptor: Acceptor) -> JMESValue? {
        try? JMESValue(jsonText: acceptor.expected.compact)
    }
}
