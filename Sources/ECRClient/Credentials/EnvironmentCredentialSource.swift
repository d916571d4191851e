import Foundation

/// `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`, `AWS_CREDENTIAL_EXPIRATION`).
public struct EnvironmentCredentialSource: CredentialSource {
    public let name = "environment"
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else { return nil }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw .credentials("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token,
                              expiration: environment["AWS_CREDENTIAL_EXPIRATION"].flatMap(ISOTimestamp.parse), source: name)
    }
}
