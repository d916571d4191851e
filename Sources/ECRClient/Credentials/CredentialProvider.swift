import Foundation

/// Anything that hands out credentials for signing at a given time.
public protocol CredentialProvider: Sendable {
    func credentials(now: Date) throws(AWSClientError) -> AWSCredentials
}
