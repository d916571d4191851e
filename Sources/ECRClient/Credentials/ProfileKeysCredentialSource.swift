import Foundation

/// Static keys of a profile (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) from
/// the credentials or config file, else its `credential_process`.
public struct ProfileKeysCredentialSource: CredentialSource {
    public var name: String { "profile \(profileName)" }
    let context: CredentialContext
    let profileName: String

    public init(context: CredentialContext, profileName: String) {
        self.context = context
        self.profileName = profileName
    }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        guard let profile = context.store.profile(profileName) else {
            if context.profileExplicit || context.environment["AWS_PROFILE"] != nil, profileName != "default" {
                throw .configuration("the config profile (\(profileName)) could not be found")
            }
            return nil
        }
        return try Self.keys(of: profile, named: profileName, now: now)
    }

    /// The credentials profile `name` holds itself: its static keys, else what its
    /// `credential_process` prints; nil when it has neither or the process gives none. (Also the
    /// credentials at the end of an assume-role chain, `AssumeRoleCredentialSource`.)
    static func keys(of profile: [String: String], named name: String, now: Date) throws(AWSClientError) -> AWSCredentials? {
        if let keys = staticKeys(profile, source: "profile \(name)") { return keys }
        if let command = profile["credential_process"] {
            return try ProcessCredentialSource(command: command).load(now: now)
        }
        return nil
    }

    static func staticKeys(_ profile: [String: String], source: String) -> AWSCredentials? {
        guard let key = profile["aws_access_key_id"], !key.isEmpty,
              let secret = profile["aws_secret_access_key"], !secret.isEmpty else { return nil }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret,
                              sessionToken: profile["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }, source: source)
    }
}
