import Foundation

/// One place credentials may come from. `load` returns nil when the source is not configured (the
/// chain moves on) and throws when it is configured but fails (the chain stops, as in the SDKs).
/// `lookup` says the same with the reason a source had nothing (for the "no credentials found" error);
/// sources that can say why (instance metadata answering 403) implement it, the others inherit it.
public protocol CredentialSource: Sendable {
    var name: String { get }
    func load(now: Date) throws(AWSClientError) -> AWSCredentials?
    func lookup(now: Date) throws(AWSClientError) -> CredentialLookup
}

/// What one source of the chain answered.
public enum CredentialLookup: Sendable {
    case found(AWSCredentials)
    /// Not configured or nothing there; `reason` is shown in the chain's error (`HTTP 403`), nil when obvious.
    case notFound(reason: String?)
}

extension CredentialSource {
    public func lookup(now: Date) throws(AWSClientError) -> CredentialLookup {
        if let found = try load(now: now) { return .found(found) }
        return .notFound(reason: nil)
    }
}

/// Every source of the chain had nothing: which were tried, in order, and why each had nothing.
public struct CredentialsNotFound: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Attempt: Sendable, Equatable {
        public var source: String
        public var reason: String?

        public init(source: String, reason: String? = nil) {
            self.source = source
            self.reason = reason
        }

        var text: String { reason.map { "\(source) (\($0))" } ?? source }
    }

    public var attempts: [Attempt]

    public init(attempts: [Attempt]) { self.attempts = attempts }

    public var description: String {
        "no credentials found (tried: \(attempts.map(\.text).joined(separator: ", "))); "
            + "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, use --profile, or configure ~/.aws/credentials"
    }
}
