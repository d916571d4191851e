import ECRClient
import Foundation

/// `--max-rate`: a token bucket refilled at `rate` tokens per second, holding at most `burst`
/// tokens. Every HTTP attempt (retries included) takes one token and waits when the bucket is empty.
final class TokenBucket: @unchecked Sendable {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last: Date
    private let lock = NSLock()
    private let clock: @Sendable () -> Date
    private let sleep: @Sendable (TimeInterval) -> Void

    init(rate: Double, burst: Double? = nil, clock: @escaping @Sendable () -> Date = { Date() },
         sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.rate = rate
        self.burst = max(1, burst ?? rate)
        self.tokens = self.burst
        self.clock = clock
        self.sleep = sleep
        self.last = clock()
    }

    /// Takes one token, waiting as long as needed. Waiters queue on the lock, so the rate holds
    /// across threads.
    func take() {
        lock.lock()
        defer { lock.unlock() }
        refill()
        if tokens < 1 {
            sleep((1 - tokens) / rate)
            refill()
        }
        tokens -= 1
    }

    private func refill() {
        let now = clock()
        tokens = min(burst, tokens + max(0, now.timeIntervalSince(last)) * rate)
        last = now
    }
}

/// A transport for many threads: libcurl handles are checked out of a pool (one per concurrent
/// request, each keeping its connections alive), every attempt is counted and, with `--max-rate`,
/// waits for a token.
final class PooledTransport: HTTPTransport, @unchecked Sendable {
    private let make: @Sendable () throws(TransportError) -> any HTTPTransport
    private var idle: [any HTTPTransport] = []
    private let lock = NSLock()
    private let bucket: TokenBucket?
    private(set) var requestsSent = 0

    init(bucket: TokenBucket?, make: @escaping @Sendable () throws(TransportError) -> any HTTPTransport) {
        self.bucket = bucket
        self.make = make
    }

    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        bucket?.take()
        lock.lock()
        requestsSent += 1
        let reused = idle.popLast()
        lock.unlock()
        let transport: any HTTPTransport
        if let reused { transport = reused } else { transport = try make() }
        defer {
            lock.lock()
            idle.append(transport)
            lock.unlock()
        }
        return try transport.send(request)
    }

    var sent: Int {
        lock.lock()
        defer { lock.unlock() }
        return requestsSent
    }
}
