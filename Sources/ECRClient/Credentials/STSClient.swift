import Foundation

/// The two STS calls the credential chain needs, made with the generated STS client
/// (Sources/ECRClient/Generated/STS): the answer's `Credentials` become `AWSCredentials`.
public struct STSClient: Sendable {
    let sts: STS

    init(executor: AWSRequestExecutor, endpoint: URL, region: String) {
        sts = STS(executor: executor, endpoint: endpoint, region: region)
    }

    public func assumeRole(roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil) throws(AWSClientError) -> AWSCredentials {
        let answer = try sts.assumeRole(STS.AssumeRoleRequest(roleArn: roleArn, roleSessionName: sessionName,
                                                              durationSeconds: durationSeconds, externalId: externalId))
        return try Self.credentials(answer.credentials, operation: "AssumeRole", source: "assume-role")
    }

    /// Unsigned: the web identity token is the proof.
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, token: String) throws(AWSClientError) -> AWSCredentials {
        let answer = try sts.assumeRoleWithWebIdentity(STS.AssumeRoleWithWebIdentityRequest(roleArn: roleArn, roleSessionName: sessionName,
                                                                                            webIdentityToken: token))
        return try Self.credentials(answer.credentials, operation: "AssumeRoleWithWebIdentity", source: "web-identity")
    }

    private static func credentials(_ credentials: STS.Credentials?, operation: String, source: String) throws(AWSClientError) -> AWSCredentials {
        guard let key = credentials?.accessKeyId, let secret = credentials?.secretAccessKey, let token = credentials?.sessionToken else {
            throw .malformedResponse(operation: "sts:\(operation)", detail: "no Credentials in the answer")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token, expiration: credentials?.expiration?.date, source: source)
    }
}
