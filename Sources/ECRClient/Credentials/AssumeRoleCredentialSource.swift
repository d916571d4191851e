import Foundation

/// A profile with `role_arn`: STS AssumeRole with credentials from `source_profile` (which may itself
/// assume a role; cycles are refused) or `credential_source` (Environment, Ec2InstanceMetadata,
/// EcsContainer). With `web_identity_token_file` it is AssumeRoleWithWebIdentity instead.
public struct AssumeRoleCredentialSource: CredentialSource {
    public var name: String { "assume-role (profile \(profileName))" }
    let context: CredentialContext
    let profileName: String

    public init(context: CredentialContext, profileName: String) {
        self.context = context
        self.profileName = profileName
    }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        guard let profile = context.store.profile(profileName), profile["role_arn"] != nil else { return nil }
        var visited: Set<String> = []
        return try resolve(profileName, visited: &visited, now: now)
    }

    private func resolve(_ name: String, visited: inout Set<String>, now: Date) throws(AWSClientError) -> AWSCredentials {
        guard let profile = context.store.profile(name) else {
            throw .configuration("the source profile (\(name)) could not be found")
        }
        guard let roleArn = profile["role_arn"] else {
            guard let keys = try ProfileKeysCredentialSource.keys(of: profile, named: name, now: now) else {
                throw .credentials("source profile \(name) has no credentials")
            }
            return keys
        }
        guard visited.insert(name).inserted else {
            throw .configuration("profile \(name) is part of a source_profile cycle")
        }
        if profile["web_identity_token_file"] != nil,
           let found = try WebIdentityCredentialSource(context: context, profile: profile).load(now: now) {
            return found
        }
        let source: AWSCredentials
        if let sourceProfile = profile["source_profile"] {
            // A profile that names itself as source uses its own static keys (the SDKs allow that).
            if sourceProfile == name, let keys = ProfileKeysCredentialSource.staticKeys(profile, source: "profile \(name)") {
                source = keys
            } else {
                source = try resolve(sourceProfile, visited: &visited, now: now)
            }
        } else if let credentialSource = profile["credential_source"] {
            let found: AWSCredentials?
            switch credentialSource {
            case "Environment": found = try EnvironmentCredentialSource(environment: context.environment).load(now: now)
            case "Ec2InstanceMetadata": found = try InstanceMetadataCredentialSource(context: context).load(now: now)
            case "EcsContainer": found = try ContainerCredentialSource(context: context).load(now: now)
            default: throw .configuration("unsupported credential_source \(credentialSource) in profile \(name)")
            }
            guard let found else { throw .credentials("credential_source \(credentialSource) of profile \(name) has no credentials") }
            source = found
        } else {
            throw .configuration("profile \(name) has role_arn but neither source_profile nor credential_source")
        }
        let sessionName = profile["role_session_name"] ?? "ecrguard-session-\(Int(now.timeIntervalSince1970))"
        context.debugLog?.log("assuming role \(roleArn) with credentials from \(source.source)")
        return try context.sts(credentials: StaticCredentialProvider(source)).assumeRole(
            roleArn: roleArn, sessionName: sessionName, externalId: profile["external_id"],
            durationSeconds: profile["duration_seconds"].flatMap { Int($0) })
    }
}
