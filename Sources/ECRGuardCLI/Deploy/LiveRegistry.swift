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
    var replication: ECR.ReplicationConfiguration?
    /// `REGISTRY_POLICY_SCOPE`; read when the manifest has a registry policy.
    var policyScope: Observed<String?> = .notRead
    /// Pull-through cache rules (prefix → upstream URL); read when the manifest has some.
    var pullThroughCache: Observed<[String: String]> = .notRead

    func repository(_ name: String) -> Repository? { repositories.first { $0.name == name } }
}

/// Reads a `LiveRegistry` through one ECR client (bound to the registry's Region).
struct LiveRegistryReader {
    let service: ECR

    /// The registry's account and replication configuration: the first call, which also proves the
    /// credentials work and says which account they belong to.
    func describeRegistry() throws(AWSClientError) -> ECR.DescribeRegistryResponse {
        try service.describeRegistry()
    }

    func read(_ desired: DesiredRegistry, registry: ECR.DescribeRegistryResponse) throws(AWSClientError) -> LiveRegistry {
        var repositories: [LiveRegistry.Repository] = []
        for repository in try service.allRepositories() {
            // A repository without a name cannot be compared with the manifest: the answer is unusable.
            guard let name = repository.repositoryName else {
                throw .malformedResponse(operation: "DescribeRepositories", detail: "a repository without repositoryName")
            }
            let policy = try optional(ECR.ErrorCode.repositoryPolicyNotFoundException) { () throws(AWSClientError) in
                try service.getRepositoryPolicy(.init(repositoryName: name)).policyText
            }
            repositories.append(LiveRegistry.Repository(
                name: name, scanOnPush: repository.imageScanningConfiguration?.scanOnPush ?? false,
                tagMutability: repository.imageTagMutability?.rawValue, encryptionType: repository.encryptionConfiguration?.encryptionType?.rawValue,
                policy: policy))
        }
        var live = LiveRegistry(
            account: registry.registryId ?? desired.account, region: service.region,
            repositories: repositories.sorted { $0.name < $1.name },
            registryPolicy: try optional(ECR.ErrorCode.registryPolicyNotFoundException) { () throws(AWSClientError) in
                try service.getRegistryPolicy().policyText
            },
            replication: registry.replicationConfiguration)
        if desired.registryPolicy != nil {
            do {
                live.policyScope = .read(try service.getAccountSetting(.init(name: "REGISTRY_POLICY_SCOPE")).value)
            } catch {
                live.policyScope = .unreadable(reason: error.code ?? "\(error)")
            }
        }
        if !desired.pullThroughCache.isEmpty {
            do {
                let rules = try service.describePullThroughCacheRulesPaginator().allPages().flatMap { $0.pullThroughCacheRules ?? [] }
                live.pullThroughCache = .read(Dictionary(rules.compactMap { rule in rule.ecrRepositoryPrefix.map { ($0, rule.upstreamRegistryUrl ?? "?") } },
                                                         uniquingKeysWith: { first, _ in first }))
            } catch {
                live.pullThroughCache = .unreadable(reason: error.code ?? "\(error)")
            }
        }
        return live
    }

    private func optional<T>(_ notFound: ECR.ErrorCode, _ body: () throws(AWSClientError) -> T?) throws(AWSClientError) -> T? {
        do { return try body() } catch where error.isCode(notFound) { return nil }
    }
}
