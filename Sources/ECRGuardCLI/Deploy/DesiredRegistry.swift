import ECRClient
import PolicyCore
import RegistryAudit

/// What the manifest wants one registry (account + region) to look like, in ECR's terms.
struct DesiredRegistry {
    struct Repository {
        var name: String
        var scanOnPush: Bool
        var tagMutability: String
        var encryptionType: String
        var policy: PolicyFile?
    }

    var name: String
    var account: String
    var region: String
    var repositories: [Repository]
    var registryPolicy: PolicyFile?
    /// `REGISTRY_POLICY_SCOPE` (`V1`/`V2`) the registry policy is written for.
    var registryPolicyScope: String
    /// Pull-through cache rules: prefix, upstream URL, credential ARN.
    var pullThroughCache: [(prefix: String, upstream: String, credentialArn: String?)]
    /// nil when the manifest says nothing about replication.
    var replication: ECR.ReplicationConfiguration?
    /// The accounts of every registry in the manifest (replication to any other account is reported).
    var manifestAccounts: Set<String>

    init(_ registry: RegistryManifest, input: RegistryInput) {
        name = registry.name
        account = registry.account
        region = registry.region
        repositories = registry.repositories.map { repository in
            Repository(name: repository.name, scanOnPush: repository.scanOnPush,
                       tagMutability: repository.tagMutability.rawValue.uppercased(), encryptionType: repository.encryption.typeName,
                       policy: repository.policy.flatMap { input.policy($0, kind: .repository) })
        }
        registryPolicy = registry.registryPolicy.flatMap { input.policy($0, kind: .registry) }
        registryPolicyScope = registry.policyScope.rawValue
        manifestAccounts = Set(input.manifest.registries.map(\.account))
        pullThroughCache = registry.pullThroughCache.map { ($0.ecrRepositoryPrefix, $0.upstreamRegistryUrl, $0.credentialArn) }
        replication = registry.replication.isEmpty ? nil : ECR.ReplicationConfiguration(rules: registry.replication.map { rule in
            ECR.ReplicationRule(
                destinations: rule.destinations.map { ECR.ReplicationDestination(region: $0.region, registryId: $0.registryId) },
                repositoryFilters: rule.filters.isEmpty ? nil : rule.filters.map { ECR.RepositoryFilter(filter: $0.prefix, filterType: .prefixMatch) })
        })
    }

    /// Every policy file this registry would apply.
    var policyFiles: [PolicyFile] {
        repositories.compactMap(\.policy) + (registryPolicy.map { [$0] } ?? [])
    }
}
