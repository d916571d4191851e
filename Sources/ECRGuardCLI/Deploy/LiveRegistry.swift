import ECRClient
import Foundation

/// The live state of one registry (account + Region), read once; `RegistryPlanner.plan(desired:live:)`
/// compares it with the manifest without further I/O.
struct LiveRegistry {
    struct Repository {
        var name: String
        var scanOnPush: Bool
        var tagMutability: String?
        var encryptionType: String?
        /// The repository policy, nil when there is none.
        var policy: String?
    }

    /// Something read only when the manifest needs it, and which the service may not answer.
    enum Observed<Value> {
        case notRead
        case read(Value)
        case unreadable(reason: String)
    }

    /// The account that answered (`DescribeRegistry`'s registryId) and the Region the requests were signed for.
    var account: String
    var region: String
    /// Every repository of the registry, managed or not, by name.
    var repositories: [Repository]
    var registryPolicy: String?
    var replication: ReplicationConfiguration?
    /// `REGISTRY_POLICY_SCOPE`; read when the manifest has a registry policy.
    var policyScope: Observed<String?> = .notRead
    /// Pull-through cache rules (prefix → upstream URL); read when the manifest has some.
    var pullThroughCache: Observed<[String: String]> = .notRead

    func repository(_ name: String) -> Repository? { repositories.first { $0.name == name } }
}

/// Reads a `LiveRegistry` through one ECR client (bound to the registry's Region).
struct LiveRegistryReader {
    let service: ECRService

    /// The registry's account and replication configuration: the first call, which also proves the
    /// credentials work and says which account they belong to.
    func describeRegistry() throws(AWSClientError) -> DescribeRegistry.Response {
        try service.perform(DescribeRegistry())
    }

    func read(_ desired: DesiredRegistry, registry: DescribeRegistry.Response) throws(AWSClientError) -> LiveRegistry {
        var repositories: [LiveRegistry.Repository] = []
        for repository in try service.performAllPages(DescribeRepositories()) {
            let policy = try optional("RepositoryPolicyNotFoundException") { () throws(AWSClientError) in
                try service.perform(GetRepositoryPolicy(repositoryName: repository.repositoryName)).policyText
            }
            repositories.append(LiveRegistry.Repository(
                name: repository.repositoryName, scanOnPush: repository.imageScanningConfiguration?.scanOnPush ?? false,
                tagMutability: repository.imageTagMutability, encryptionType: repository.encryptionConfiguration?.encryptionType,
                policy: policy))
        }
        var live = LiveRegistry(
            account: registry.registryId ?? desired.account, region: service.region,
            repositories: repositories.sorted { $0.name < $1.name },
            registryPolicy: try optional("RegistryPolicyNotFoundException") { () throws(AWSClientError) in
                try service.perform(GetRegistryPolicy()).policyText
            },
            replication: registry.replicationConfiguration)
        if desired.registryPolicy != nil {
            do {
                live.policyScope = .read(try service.perform(GetAccountSetting(name: "REGISTRY_POLICY_SCOPE")).value)
            } catch {
                live.policyScope = .unreadable(reason: error.code ?? "\(error)")
            }
        }
        if !desired.pullThroughCache.isEmpty {
            do {
                let rules = try service.performAllPages(DescribePullThroughCacheRules())
                live.pullThroughCache = .read(Dictionary(rules.compactMap { rule in rule.ecrRepositoryPrefix.map { ($0, rule.upstreamRegistryUrl ?? "?") } },
                                                         uniquingKeysWith: { first, _ in first }))
            } catch {
                live.pullThroughCache = .unreadable(reason: error.code ?? "\(error)")
            }
        }
        return live
    }

    private func optional<T>(_ notFound: String, _ body: () throws(AWSClientError) -> T?) throws(AWSClientError) -> T? {
        do { return try body() } catch where error.code == notFound { return nil }
    }
}
