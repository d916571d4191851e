import Foundation

/// The two STS calls the credential chain needs, over the Query protocol (form body, XML answer).
public struct STSClient: Sendable {
    let executor: AWSRequestExecutor
    let endpoint: URL
    let region: String

    public init(executor: AWSRequestExecutor, endpoint: URL, region: String) {
        self.executor = executor
        self.endpoint = endpoint
        self.region = region
    }

    public func assumeRole(roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil) throws(AWSClientError) -> AWSCredentials {
        var parameters = [("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("RoleSessionName", sessionName)]
        if let externalId { parameters.append(("ExternalId", externalId)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try call("AssumeRole", parameters, signed: true)
    }

    /// Unsigned: the web identity token is the proof.
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, token: String) throws(AWSClientError) -> AWSCredentials {
        try call("AssumeRoleWithWebIdentity", [("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"),
                                                ("RoleArn", roleArn), ("RoleSessionName", sessionName), ("WebIdentityToken", token)], signed: false)
    }

    private func call(_ operation: String, _ parameters: [(String, String)], signed: Bool) throws(AWSClientError) -> AWSCredentials {
        let body = parameters.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
        let request = HTTPRequest(method: "POST", endpoint: endpoint,
                                  headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                  body: Data(body.utf8))
        let response = try executor.send(request, signer: signed ? SigV4Signer(service: "sts", region: region) : nil, operation: operation)
        let xml = String(decoding: response.body, as: UTF8.self)
        guard let key = XMLFields.first("AccessKeyId", in: xml), let secret = XMLFields.first("SecretAccessKey", in: xml),
              let token = XMLFields.first("SessionToken", in: xml) else {
            throw .malformedResponse(operation: "sts:\(operation)", detail: "no Credentials in the answer")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token,
                              expiration: XMLFields.first("Expiration", in: xml).flatMap(ISOTimestamp.parse),
                              source: operation == "AssumeRole" ? "assume-role" : "web-identity")
    }
}
