import Foundation

/// Anything that hands out credentials for signing at a given time.
public protocol CredentialProvider: Sendable {
    func credentials(now: Date) throws(AWSClientError) -> AWSCredentials
}

/// Fixed credentials (tests, the source credentials of an AssumeRole call).
public struct StaticCredentialProvider: CredentialProvider {
    public var value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials(now: Date) throws(AWSClientError) -> AWSCredentials { value }
}
