import PolicyCore

/// One private registry: an account in a region (ECR registries are regional).
public struct RegistryManifest: Sendable {
    /// A label for reports; defaults to `ACCOUNT/REGION`.
    public var name: String
    public var account: String
    public var region: String
    public var partition: String
    /// The organization the registry's account belongs to, if any.
    public var organization: OrganizationMembership?
    /// The registry permission policy, if the registry has one.
    public var registryPolicy: PolicyReference?
    public var policyScope: RegistryPolicyScope
    public var replication: [ReplicationRule]
    public var pullThroughCache: [PullThroughCacheRule]
    public var repositories: [RepositoryManifest]
    /// The resource control policies of the account's organization path, one list per level, root
    /// first (as a principal's SCPs): evaluated for every request to this registry's resources.
    public var resourceControlPolicies: [[PolicyReference]]
    public var location: ManifestLocation

    public init(name: String, account: String, region: String, partition: String = "aws", organization: OrganizationMembership? = nil,
                registryPolicy: PolicyReference? = nil, policyScope: RegistryPolicyScope = .v2, replication: [ReplicationRule] = [],
                pullThroughCache: [PullThroughCacheRule] = [], repositories: [RepositoryManifest] = [],
                resourceControlPolicies: [[PolicyReference]] = [], location: ManifestLocation) {
        self.resourceControlPolicies = resourceControlPolicies
        self.name = name
        self.account = account
        self.region = region
        self.partition = partition
        self.organization = organization
        self.registryPolicy = registryPolicy
        self.policyScope = policyScope
        self.replication = replication
        self.pullThroughCache = pullThroughCache
        self.repositories = repositories
        self.location = location
    }

    /// An AWS Region name such as `us-east-1`.
    public static func isValidRegion(_ text: String) -> Bool { ManifestSyntax.isRegion(text) }

    public func repository(named name: String) -> RepositoryManifest? {
        repositories.first { $0.name == name }
    }

    /// `arn:aws:ecr:REGION:ACCOUNT:repository/NAME`.
    public func repositoryARN(_ name: String) -> String {
        "arn:\(partition):ecr:\(region):\(account):repository/\(name)"
    }

    /// `arn:aws:iam::ACCOUNT:root`, the principal ECR replicates as.
    public var accountRootARN: String { "arn:\(partition):iam::\(account):root" }
}

/// A repository of a registry as it should be configured.
public struct RepositoryManifest: Sendable {
    public var name: String
    /// The repository policy, if it has one.
    public var policy: PolicyReference?
    public var scanOnPush: Bool
    public var tagMutability: TagMutability
    /// Tags exempt from `tagMutability` (exactly with the `_WITH_EXCLUSION` values).
    public var tagMutabilityExclusionFilters: [TagMutabilityExclusionFilter]
    public var encryption: RepositoryEncryption
    /// `protected: true`: ecrguard refuses a lifecycle policy that can expire every image of it
    /// (`LifecycleProtection`, PolicyChecks).
    public var protected: Bool
    public var location: ManifestLocation

    public init(name: String, policy: PolicyReference? = nil, scanOnPush: Bool = false, tagMutability: TagMutability = .mutable,
                encryption: RepositoryEncryption = .aes256, tagMutabilityExclusionFilters: [TagMutabilityExclusionFilter] = [],
                protected: Bool = false, location: ManifestLocation) {
        self.tagMutabilityExclusionFilters = tagMutabilityExclusionFilters
        self.protected = protected
        self.name = name
        self.policy = policy
        self.scanOnPush = scanOnPush
        self.tagMutability = tagMutability
        self.encryption = encryption
        self.location = location
    }
}

public enum TagMutability: String, Sendable, Hashable, CaseIterable, Codable {
    case mutable = "MUTABLE"
    case immutable = "IMMUTABLE"
    /// Immutable, except tags matching an exclusion filter.
    case immutableWithExclusion = "IMMUTABLE_WITH_EXCLUSION"
    /// Mutable, except tags matching an exclusion filter.
    case mutableWithExclusion = "MUTABLE_WITH_EXCLUSION"

    /// Whether the setting takes exclusion filters (and must have at least one).
    public var takesExclusionFilters: Bool { self == .immutableWithExclusion || self == .mutableWithExclusion }
}

/// A tag pattern exempt from a repository's tag mutability; ECR supports only `WILDCARD` (`*` matches
/// any characters).
public struct TagMutabilityExclusionFilter: Sendable, Hashable {
    public var filter: String
    public var location: ManifestLocation

    public init(filter: String, location: ManifestLocation) {
        self.filter = filter
        self.location = location
    }

    public static func == (a: Self, b: Self) -> Bool { a.filter == b.filter }
    public func hash(into h: inout Hasher) { h.combine(filter) }
}

public enum RepositoryEncryption: Sendable, Hashable {
    /// Amazon S3-managed keys (the default).
    case aes256
    /// AWS KMS; `key` is the key ARN or alias, nil for the AWS managed key `aws/ecr`.
    case kms(key: String?)

    public var typeName: String {
        switch self {
        case .aes256: "AES256"
        case .kms: "KMS"
        }
    }
}

/// One rule of a registry's replication configuration.
public struct ReplicationRule: Sendable {
    /// Position in the configuration, from 0.
    public var index: Int
    public var destinations: [ReplicationDestination]
    /// Empty: every repository is replicated.
    public var filters: [RepositoryFilter]
    public var location: ManifestLocation

    public init(index: Int, destinations: [ReplicationDestination], filters: [RepositoryFilter] = [], location: ManifestLocation) {
        self.index = index
        self.destinations = destinations
        self.filters = filters
        self.location = location
    }

    /// Whether this rule replicates the repository (no filters, or any filter matches).
    public func applies(to repository: String) -> Bool {
        filters.isEmpty || filters.contains { $0.matches(repository) }
    }
}

public struct ReplicationDestination: Sendable, Hashable {
    public var region: String
    public var registryId: String
    public var location: ManifestLocation

    public init(region: String, registryId: String, location: ManifestLocation) {
        self.region = region
        self.registryId = registryId
        self.location = location
    }

    public static func == (a: Self, b: Self) -> Bool { a.region == b.region && a.registryId == b.registryId }
    public func hash(into h: inout Hasher) { h.combine(region); h.combine(registryId) }

    public var label: String { "\(registryId)/\(region)" }
}

/// A replication repository filter; ECR supports only `PREFIX_MATCH`.
public struct RepositoryFilter: Sendable, Hashable {
    public var prefix: String
    public var location: ManifestLocation

    public init(prefix: String, location: ManifestLocation) {
        self.prefix = prefix
        self.location = location
    }

    public func matches(_ repository: String) -> Bool { repository.hasPrefix(prefix) }
}

/// A pull-through cache rule: repositories under `ecrRepositoryPrefix/` cache `upstreamRegistryUrl`.
public struct PullThroughCacheRule: Sendable {
    public var ecrRepositoryPrefix: String
    public var upstreamRegistryUrl: String
    /// Secrets Manager ARN of the upstream credentials (never the credentials themselves).
    public var credentialArn: String?
    /// The IAM role ECR assumes to reach an upstream ECR registry (ECR-to-ECR caching).
    public var customRoleArn: String?
    /// The upstream repository prefix cached under `ecrRepositoryPrefix` (ECR-to-ECR caching).
    public var upstreamRepositoryPrefix: String?
    public var location: ManifestLocation

    public init(ecrRepositoryPrefix: String, upstreamRegistryUrl: String, credentialArn: String? = nil, customRoleArn: String? = nil,
                upstreamRepositoryPrefix: String? = nil, location: ManifestLocation) {
        self.customRoleArn = customRoleArn
        self.upstreamRepositoryPrefix = upstreamRepositoryPrefix
        self.ecrRepositoryPrefix = ecrRepositoryPrefix
        self.upstreamRegistryUrl = upstreamRegistryUrl
        self.credentialArn = credentialArn
        self.location = location
    }
}
