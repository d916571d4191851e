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
        for source in sources {
            if let found = try source.load(now: now) {
                cached = found
                onResolve?(found)
                return found
            }
        }
        throw .credentials("no credentials found (tried: \(sources.map(\.name).joined(separator: ", "))); "
            + "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, use --profile, or configure ~/.aws/credentials")
    }
}
