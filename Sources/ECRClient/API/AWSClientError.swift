/// Everything a call to AWS can end with besides a result. Descriptions are safe to print: they
/// never contain a secret key, session token or authorization token.
public enum AWSClientError: Error, Sendable, CustomStringConvertible {
    /// The service answered with an error.
    case service(AWSServiceError)
    /// No complete answer (after retries).
    case transport(TransportError)
    /// A 2xx answer we could not read.
    case malformedResponse(operation: String, detail: String)
    /// A credential source is configured but failed.
    case credentials(String)
    /// Every source of the credential chain had nothing.
    case noCredentials(CredentialsNotFound)
    /// Region, endpoint or profile settings are missing or wrong.
    case configuration(String)

    public var description: String {
        switch self {
        case .service(let error): error.description
        case .transport(let error): "could not reach AWS: \(error)"
        case .malformedResponse(let operation, let detail): "malformed response to \(operation): \(detail)"
        case .credentials(let message): "credentials: \(message)"
        case .noCredentials(let notFound): notFound.description
        case .configuration(let message): "configuration: \(message)"
        }
    }

    /// True when the failure happened before any request reached the service (credentials, settings):
    /// such an error is reported on its own, never as the failure of the operation being prepared.
    public var isLocal: Bool {
        switch self {
        case .credentials, .noCredentials, .configuration: true
        case .service, .transport, .malformedResponse: false
        }
    }

    /// The AWS error code, when the service sent one.
    public var code: String? {
        if case .service(let error) = self { return error.code }
        return nil
    }
}
