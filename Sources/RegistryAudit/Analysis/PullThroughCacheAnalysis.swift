import PolicyCore

/// Who can pull through one pull-through cache rule: pull the cached image and, on first use, import
/// it from upstream and create the cached repository (ECR User Guide, "Pull through cache": the
/// identity policy, or the registry policy for `ecr:BatchImportUpstreamImage`/`ecr:CreateRepository`).
public struct PullThroughCacheAccess: Sendable {
    public var registry: RegistryManifest
    public var rule: PullThroughCacheRule
    /// Index into `RegistryModel.principalNames`.
    public var principal: Int
    /// The decision for a representative cached repository `PREFIX/image`.
    public var decision: CapabilityDecision
    /// `production/ecr-public/*`.
    public var repositoryPattern: String { "\(registry.name)/\(rule.ecrRepositoryPrefix)/*" }
}

extension RegistryModel {
    /// Every principal against every pull-through cache rule of every registry.
    func pullThroughCacheAccess() -> [PullThroughCacheAccess] {
        var result: [PullThroughCacheAccess] = []
        for (index, registry) in input.manifest.registries.enumerated() {
            for rule in registry.pullThroughCache {
                let arn = registry.repositoryARN("\(rule.ecrRepositoryPrefix)/image")
                for p in principals.indices {
                    let decision = explain(principal: p, repositoryARN: arn, registryIndex: index, capability: .pullThroughCacheImport)
                    result.append(PullThroughCacheAccess(registry: registry, rule: rule, principal: p, decision: decision))
                }
            }
        }
        return result
    }
}
