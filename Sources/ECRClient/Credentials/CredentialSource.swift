import Foundation

/// One place credentials may come from. `load` returns nil when the source is not configured (the
/// chain moves on) and throws when it is configured but fails (the chain stops, as in the SDKs).
public protocol CredentialSource: Sendable {
    var name: String { get }
    func load(now: Date) throws(AWSClientError) -> AWSCredentials?
}
