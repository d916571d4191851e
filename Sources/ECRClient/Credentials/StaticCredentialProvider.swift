import Foundation

/// Fixed credentials (tests, the source credentials of an AssumeRole call).
public struct StaticCredentialProvider: CredentialProvider {
    public var value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials(now: Date) throws(AWSClientError) -> AWSCredentials { value }
}
