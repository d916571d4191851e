import Foundation

/// EC2 instance role credentials over IMDSv2: PUT a session token, list the role, GET its credentials.
/// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it (tests).
/// No answer (not on EC2) and an HTTP error (403 when IMDS is turned off for the instance or a
/// hop limit stops the token, 404 when no role is attached) mean "no credentials here", with the
/// reason kept for the chain's error, as botocore falls through to "Unable to locate credentials".
public struct InstanceMetadataCredentialSource: CredentialSource {
    public let name = "ec2-instance-metadata"
    let context: CredentialContext

    public init(context: CredentialContext) { self.context = context }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        if case .found(let credentials) = try lookup(now: now) { return credentials }
        return nil
    }

    public func lookup(now: Date) throws(AWSClientError) -> CredentialLookup {
        let env = context.environment
        if env["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return .notFound(reason: "disabled by AWS_EC2_METADATA_DISABLED") }
        let base = env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254"
        guard let root = URL(string: base.hasSuffix("/") ? String(base.dropLast()) : base) else {
            throw .configuration("invalid AWS_EC2_METADATA_SERVICE_ENDPOINT")
        }
        // One attempt per call: a machine without IMDS must not wait through retries.
        let executor = AWSRequestExecutor(transport: context.transport, credentials: nil, retry: RetryPolicy(maxAttempts: 1),
                                          clock: context.clock, sleep: context.sleep, debugLog: context.debugLog)
        func get(_ path: String, _ headers: [HTTPHeader], method: String = "GET") throws(AWSClientError) -> HTTPResponse {
            var request = HTTPRequest(method: method, endpoint: root.appendingPathComponent(path), headers: headers)
            request.secretResponseBody = method == "PUT"
            return try executor.send(request, signer: nil, operation: "IMDS \(path)")
        }
        do {
            let response = try get("latest/api/token", [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")], method: "PUT")
            let token = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            context.debugLog?.addSecret(token)
            let tokenHeader = [HTTPHeader("X-aws-ec2-metadata-token", token)]
            let roles = try get("latest/meta-data/iam/security-credentials/", tokenHeader)
            guard let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
                return .notFound(reason: "no instance role")
            }
            let credentials = try get("latest/meta-data/iam/security-credentials/\(role)", tokenHeader)
            return .found(try ContainerCredentialSource.parseCredentialsJSON(credentials.body, source: name))
        } catch {
            switch error {
            case .transport(let failure): return .notFound(reason: "no answer from \(root.absoluteString): \(failure.kind.rawValue)")
            case .service(let failure): return .notFound(reason: "HTTP \(failure.status)")
            default: throw error
            }
        }
    }
}
