import Foundation

/// AWS "standard" retry mode: up to `maxAttempts` tries in total, exponential backoff with full
/// jitter (`random(0,1) * 2^attempt * base`, capped at `maxBackoff`), and a retry quota so a failing
/// endpoint is not hammered.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxBackoff: TimeInterval
    /// Returns a value in [0, 1); injectable so tests are deterministic.
    public var jitter: @Sendable () -> Double

    public init(maxAttempts: Int = 3, baseDelay: TimeInterval = 1, maxBackoff: TimeInterval = 20,
                jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.jitter = jitter
    }

    /// `AWS_MAX_ATTEMPTS` (then the profile's `max_attempts`), defaulting to 3 like the SDKs.
    public static func standard(environment: [String: String], profileValue: String? = nil) -> RetryPolicy {
        let attempts = environment["AWS_MAX_ATTEMPTS"].flatMap { Int($0) } ?? profileValue.flatMap { Int($0) } ?? 3
        return RetryPolicy(maxAttempts: attempts)
    }

    /// The pause before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> TimeInterval {
        let exponential = baseDelay * pow(2, Double(retry - 1))
        return min(jitter() * exponential, maxBackoff)
    }
}
