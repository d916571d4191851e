import Foundation

/// Resolves a chain of sources once and keeps the result; temporary credentials are fetched again
/// `refreshMargin` seconds before they expire (the clock is the caller's `now`, so tests control it).
public final class CredentialCache: CredentialProvider, @unchecked Sendable {
    private let sources: [any CredentialSource]
    private let refreshMargin: TimeInterval
    private let lock = NSLock()
    private var cached: AWSCredentials?
    private let onResolve: (@Sendable (AWSCredentials) -> Void)?

    public init(sources: [any CredentialSource], refreshMargin: TimeInterval = 300,
                onResolve: (@Sendable (AWSCredentials) -> Void)? = nil) {
        self.sources = sources
        self.refreshMargin = refreshMargin
        self.onResolve = onResolve
    }

    /// How many times the chain was walked (tests check that refresh happens, and only when due).
    public private(set) var resolutions = 0

    public func credentials(now: Date) throws(AWSClientError) -> AWSCredentials {
        lock.lock()
        defer { lock.unlock() }
        if let cached, !cached.expires(within: refreshMargin, of: now) { return cached }
        resolutions += 1
        var attempts: [CredentialsNotFound.Attempt] = []
        for source in sources {
            switch try Self.lookup(source, now: now) {
            case .found(let found):
                cached = found
                onResolve?(found)
                return found
            case .notFound(let reason):
                attempts.append(.init(source: source.name, reason: reason))
            }
        }
        throw .noCredentials(CredentialsNotFound(attempts: attempts))
    }

    /// A source that fails talking to its endpoint (STS, container, IMDS) fails as a credentials error
    /// naming the source, so it is never reported as the failure of the ECR operation being signed.
    private static func lookup(_ source: any CredentialSource, now: Date) throws(AWSClientError) -> CredentialLookup {
        do {
            return try source.lookup(now: now)
        } catch {
            switch error {
            case .service, .transport, .malformedResponse: throw .credentials("\(source.name): \(error)")
            case .credentials, .noCredentials, .configuration: throw error
            }
        }
    }
}
