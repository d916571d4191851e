import ECRClient
import Foundation

/// Everything `import live` read, before it is mapped into the manifest: raw answers parsed into
/// values, and every call that failed. Built by `LiveReader`, mapped by `LiveStateMapper` (pure).
struct LiveRead: Sendable {
    var callerAccount: String
    var callerARN: String
    var organization: OrganizationRead?
    /// Why the organization could not be read (nil when it was, or when the account is in none).
    var organizationGap: LiveFailure?
    var accounts: [AccountRead]
    var regions: [String]
    var failures: [LiveFailure]
    /// Pages read (successful answers).
    var pagesRead: Int
    /// Pages read per call name (`ecr:DescribeRepositories`).
    var callCounts: [String: Int]
}

/// The organization as the caller sees it (`DescribeOrganization`, `ListRoots`).
struct OrganizationRead: Sendable {
    var id: String
    var managementAccount: String
    var rootId: String?
    var scpEnabled: Bool
    var rcpEnabled: Bool
    /// Policy text by policy id (`DescribePolicy`), SCPs and RCPs alike.
    var policies: [String: OrganizationPolicyRead]
}

struct OrganizationPolicyRead: Sendable, Hashable {
    var id: String
    var name: String
    var type: String
    var content: String
}

/// An account's place in the organization: the targets from the root down to the account itself and,
/// per target, the SCPs and RCPs attached (nil when that list could not be read).
struct AccountPlacement: Sendable {
    /// `r-…`, `ou-…`, …, then the account id.
    var targets: [String]
    var serviceControlPolicies: [[String]]?
    var resourceControlPolicies: [[String]]?
}

struct AccountRead: Sendable {
    var account: String
    /// False when AssumeRole into the account failed: nothing else of it was read.
    var entered: Bool
    /// `GetAccountAuthorizationDetails` pages merged into the AWS CLI's JSON shape (documents decoded),
    /// plus the managed policies fetched with `GetPolicy`/`GetPolicyVersion` because GAAD left them out.
    var authorizationDetails: JSONValue?
    var placement: AccountPlacement?
    var registries: [RegistryRead]
}

/// One ECR registry (account, Region) as read.
struct RegistryRead: Sendable {
    var account: String
    var region: String
    /// `DescribeRegistry`; nil when unread.
    var registry: JSONValue?
    /// `GetRegistryPolicy`: .some(nil) when the registry has none.
    var registryPolicy: String??
    /// `GetAccountSetting(REGISTRY_POLICY_SCOPE)`: V1 or V2.
    var policyScope: String?
    var pullThroughCacheRules: [JSONValue]?
    var scanningConfiguration: JSONValue?
    var creationTemplates: [JSONValue]?
    /// `DescribeRepositories`; nil when unread.
    var repositories: [JSONValue]?
    /// Repository name → policy text (nil: the repository has none). Missing key: unread.
    var repositoryPolicies: [String: String?]
}
