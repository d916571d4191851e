import PolicyCore

/// What is known about where a policy is attached, beyond its text. Every field is optional: rules
/// that need a missing fact assume the riskier case and say so in their message.
public struct CheckContext: Sendable, Hashable {
    /// The account that owns the repository or registry (the registry id).
    public var accountID: String?
    /// The owner's AWS Organizations id (`o-…`); grants to it are not external to the owner.
    public var organizationID: String?
    /// `GetAccountSetting REGISTRY_POLICY_SCOPE` of the registry, when known.
    public var registryPolicyScope: RegistryPolicyScope?
    /// The repository a repository policy is attached to (used for its ARN in analysis).
    public var repositoryName: String?
    /// The registry's region; `us-east-1` is assumed when unknown.
    public var region: String?

    public init(accountID: String? = nil, organizationID: String? = nil, registryPolicyScope: RegistryPolicyScope? = nil,
                repositoryName: String? = nil, region: String? = nil) {
        self.accountID = accountID
        self.organizationID = organizationID
        self.registryPolicyScope = registryPolicyScope
        self.repositoryName = repositoryName
        self.region = region
    }

    public static let unknown = CheckContext()
}
