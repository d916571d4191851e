import Foundation

/// `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), or a profile's
/// `web_identity_token_file` + `role_arn`: STS AssumeRoleWithWebIdentity. The token file is read on
/// every refresh because the platform rotates it.
public struct WebIdentityCredentialSource: CredentialSource {
    public let name = "web-identity"
    let context: CredentialContext
    let profile: [String: String]?

    public init(context: CredentialContext, profile: [String: String]?) {
        self.context = context
        self.profile = profile
    }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        let env = context.environment
        let tokenFile = env["AWS_WEB_IDENTITY_TOKEN_FILE"] ?? profile?["web_identity_token_file"]
        let roleArn = env["AWS_WEB_IDENTITY_TOKEN_FILE"] != nil ? (env["AWS_ROLE_ARN"] ?? profile?["role_arn"]) : profile?["role_arn"]
        guard let tokenFile, !tokenFile.isEmpty else { return nil }
        guard let roleArn, !roleArn.isEmpty else {
            throw .configuration("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
        }
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw .credentials("cannot read the web identity token file \(tokenFile)")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        context.debugLog?.addSecret(token)
        let sessionName = env["AWS_ROLE_SESSION_NAME"] ?? profile?["role_session_name"] ?? "ecrguard-session-\(Int(now.timeIntervalSince1970))"
        return try context.sts(credentials: nil).assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: sessionName, token: token)
    }
}
