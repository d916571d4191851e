import Foundation

/// EC2 instance role credentials over IMDSv2: PUT a session token, list the role, GET its credentials.
/// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it (tests).
/// Not being on EC2 (no answer) means "not configured", not an error.
public struct InstanceMetadataCredentialSource: CredentialSource {
    public let name = "ec2-instance-metadata"
    let context: CredentialContext

    public init(context: CredentialContext) { self.context = context }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        let env = context.environment
        if env["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
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
        let token: String
        do {
            let response = try get("latest/api/token", [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")], method: "PUT")
            token = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            if case .transport = error { return nil }
            throw error
        }
        context.debugLog?.addSecret(token)
        let tokenHeader = [HTTPHeader("X-aws-ec2-metadata-token", token)]
        let roles: HTTPResponse
        do {
            roles = try get("latest/meta-data/iam/security-credentials/", tokenHeader)
        } catch {
            if case .service(let failure) = error, failure.status == 404 { return nil }
            throw error
        }
        guard let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init), !role.isEmpty else {
            return nil
        }
        let credentials = try get("latest/meta-data/iam/security-credentials/\(role)", tokenHeader)
        return try ContainerCredentialSource.parseCredentialsJSON(credentials.body, source: name)
    }
}
