import Foundation

/// The standard mode's token bucket: each retry costs 5 tokens (10 after a timeout), each success
/// refunds 1; when the bucket is empty, failures are returned without retrying.
public final class RetryQuota: @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: Int
    public static let retryCost = 5
    public static let timeoutCost = 10

    public init(capacity: Int = 500) { tokens = capacity }

    /// Takes the cost of one retry; false when the quota is exhausted.
    public func acquire(timeout: Bool) -> Bool {
        lock.lock(); defer { lock.unlock() }
        let cost = timeout ? Self.timeoutCost : Self.retryCost
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }

    public func refund() {
        lock.lock(); defer { lock.unlock() }
        tokens = min(500, tokens + 1)
    }

    public var available: Int { lock.lock(); defer { lock.unlock() }; return tokens }
}
