import RegistryAudit
import RegistryImport

/// What a plan does not manage, taken from the manifest it is laid over (`audit DIR --terraform-plan`,
/// `import terraform --base`). A plan declares resources; what it declares replaces the base's, what it
/// does not declare is not "absent" but managed elsewhere:
/// - a registry keeps the base's registry policy, policy scope, replication and pull-through cache
///   rules when the plan has no resource of that kind for it, and the base's organization and resource
///   control policies (a plan does not say which organization an account is in);
/// - a repository keeps the base's settings when the plan has only its policy, and the base's policy
///   when the plan has only the repository;
/// - a principal the base also describes (same ARN) keeps the base's organization, service control
///   policies (or their `not-collected` mark), session policy and context.
/// `layered(over:)` then replaces the base's entries with these and keeps everything else.
extension TerraformReader {
    /// What the plan declares, per registry and repository (`replication 123456789012/us-east-1`).
    enum Declared: Hashable {
        case registryPolicy(Placement), scope(Placement), replication(Placement), pullThroughCache(Placement)
        case repository(Placement, String), repositoryPolicy(Placement, String)
    }

    func layered(_ state: ImportedState, over base: RegistryInput) -> ImportedState {
        var state = state
        let old = base.manifest
        for index in state.manifest.registries.indices {
            var registry = state.manifest.registries[index]
            let place = Placement(account: registry.account, region: registry.region)
            if registry.organization == nil {
                registry.organization = old.registries.first { $0.account == registry.account && $0.organization != nil }?.organization
            }
            if let same = old.registry(account: registry.account, region: registry.region) {
                if registry.resourceControlPolicies.isEmpty { registry.resourceControlPolicies = same.resourceControlPolicies }
                if !declared.contains(.registryPolicy(place)) { registry.registryPolicy = same.registryPolicy }
                if !declared.contains(.scope(place)) { registry.policyScope = same.policyScope }
                if !declared.contains(.replication(place)) { registry.replication = same.replication }
                if !declared.contains(.pullThroughCache(place)) { registry.pullThroughCache = same.pullThroughCache }
                for r in registry.repositories.indices {
                    let name = registry.repositories[r].name
                    guard let known = same.repository(named: name) else { continue }
                    if !declared.contains(.repository(place, name)) {
                        let policy = registry.repositories[r].policy
                        registry.repositories[r] = known
                        registry.repositories[r].policy = policy
                    }
                    if !declared.contains(.repositoryPolicy(place, name)) { registry.repositories[r].policy = known.policy }
                }
            }
            state.manifest.registries[index] = registry
        }
        for index in state.manifest.principals.indices {
            var principal = state.manifest.principals[index]
            guard let known = old.principals.first(where: { $0.identity == principal.identity }) else { continue }
            if principal.organization == nil { principal.organization = known.organization }
            if principal.serviceControlPolicies.isEmpty && !principal.serviceControlPoliciesNotCollected {
                principal.serviceControlPolicies = known.serviceControlPolicies
                principal.serviceControlPoliciesNotCollected = known.serviceControlPoliciesNotCollected
            }
            if principal.sessionPolicy == nil { principal.sessionPolicy = known.sessionPolicy }
            if principal.context.isEmpty { principal.context = known.context }
            state.manifest.principals[index] = principal
        }
        return state.layered(over: base)
    }
}
