import Foundation

/// ECS/EKS container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on 169.254.170.2) or
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (HTTPS, or HTTP only to loopback and the container endpoints),
/// with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` / `AWS_CONTAINER_AUTHORIZATION_TOKEN` as Authorization.
public struct ContainerCredentialSource: CredentialSource {
    public let name = "container"
    let context: CredentialContext

    public init(context: CredentialContext) { self.context = context }

    static let allowedHTTPHosts: Set<String> = ["127.0.0.1", "localhost", "::1", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"]

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        let env = context.environment
        let url: URL
        if let relative = env["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            guard let built = URL(string: "http://169.254.170.2" + relative) else {
                throw .configuration("invalid AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
            }
            url = built
        } else if let full = env["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty {
            guard let built = URL(string: full), let host = built.host, let scheme = built.scheme?.lowercased() else {
                throw .configuration("invalid AWS_CONTAINER_CREDENTIALS_FULL_URI")
            }
            let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
            guard scheme == "https" || (scheme == "http" && (Self.allowedHTTPHosts.contains(bareHost) || bareHost.hasPrefix("127."))) else {
                throw .configuration("AWS_CONTAINER_CREDENTIALS_FULL_URI must use HTTPS or a loopback/container host, not \(host)")
            }
            url = built
        } else {
            return nil
        }
        var headers: [HTTPHeader] = []
        if let tokenFile = env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !tokenFile.isEmpty {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw .credentials("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(tokenFile)")
            }
            headers.append(HTTPHeader("Authorization", String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        } else if let token = env["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !token.isEmpty {
            headers.append(HTTPHeader("Authorization", token))
        }
        if let token = headers.value(named: "Authorization") {
            guard !token.contains("\r"), !token.contains("\n") else { throw .configuration("the container authorization token contains a line break") }
            context.debugLog?.addSecret(token)
        }
        let executor = AWSRequestExecutor(transport: context.transport, credentials: nil, retry: context.retry, clock: context.clock, sleep: context.sleep, debugLog: context.debugLog)
        let response = try executor.send(HTTPRequest(method: "GET", endpoint: url, headers: headers), signer: nil, operation: "container credentials")
        return try Self.parseCredentialsJSON(response.body, source: name)
    }

    /// The JSON shape shared by the container endpoint and IMDS.
    static func parseCredentialsJSON(_ body: Data, source: String) throws(AWSClientError) -> AWSCredentials {
        guard let json = try? JSONValue.parse(body), let key = json["AccessKeyId"]?.stringValue,
              let secret = json["SecretAccessKey"]?.stringValue else {
            throw .malformedResponse(operation: "\(source) credentials", detail: "expected AccessKeyId and SecretAccessKey")
        }
        if let code = json["Code"]?.stringValue, code != "Success" {
            throw .credentials("\(source) credentials endpoint answered Code=\(code)")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: json["Token"]?.stringValue,
                              expiration: json["Expiration"]?.stringValue.flatMap(ISOTimestamp.parse), source: source)
    }
}
