import PolicyCore

/// The registry input compiled for evaluation: principals with their policies, every repository
/// with its resource side. Answers "can this principal use this capability on this repository?"
/// exactly as the evaluator decides, with the explanation.
public struct RegistryModel: Sendable {
    public let input: RegistryInput
    let library: PolicyLibrary
    let principals: [SimulatedPrincipal]
    /// Every repository of every registry, in manifest order.
    public let repositories: [AuditedRepository]
    let registrySides: [RegistryResourceSide]
    private let evaluator = Evaluator()

    init(input: RegistryInput, library: PolicyLibrary) {
        self.input = input
        self.library = library
        let manifest = input.manifest
        principals = manifest.principals.compactMap { SimulatedPrincipal($0, manifest: manifest, library: library, input: input) }
        registrySides = manifest.registries.map { RegistryResourceSide($0, library: library, input: input) }
        var repositories: [AuditedRepository] = []
        for (index, registry) in manifest.registries.enumerated() {
            for repository in registry.repositories {
                repositories.append(AuditedRepository(registryIndex: index, registry: registry, repository: repository,
                                                      policy: library.policy(repository.policy, kind: .repository, in: input)))
            }
        }
        self.repositories = repositories
    }

    public var principalNames: [String] { principals.map(\.manifest.name) }

    func principalIndex(named name: String) -> Int? { principals.firstIndex { $0.manifest.name == name } }

    func repositoryIndex(registry: RegistryManifest, name: String) -> Int? {
        repositories.firstIndex { $0.registry.account == registry.account && $0.registry.region == registry.region && $0.repository.name == name }
    }

    /// The full, explained decision of one capability.
    public func explain(principal: Int, repository: Int, capability: Capability) -> CapabilityDecision {
        let p = principals[principal], r = repositories[repository]
        return evaluator.evaluate(capability, principal: p.identity, repository: r.arn, context: p.context(region: r.registry.region),
                                  policies: p.policies(repository: r.policy, registry: registrySides[r.registryIndex]))
    }

    /// The explained decision for a repository that is not in the manifest (a cached or replicated one):
    /// no repository policy, the registry's policy in its scope.
    func explain(principal: Int, repositoryARN: String, registryIndex: Int, capability: Capability) -> CapabilityDecision {
        let p = principals[principal], registry = input.manifest.registries[registryIndex]
        return evaluator.evaluate(capability, principal: p.identity, repository: repositoryARN, context: p.context(region: registry.region),
                                  policies: p.policies(repository: nil, registry: registrySides[registryIndex]))
    }

    /// What the access matrix reuses across one principal's cells: the principal itself (read once,
    /// not copied per cell), a request per registry carrying the principal's context (built once; a
    /// cell swaps in its action and repository ARN, see `AccessRequest.with`), the policy set of the
    /// repository last asked about (its capabilities are asked one after another), and the
    /// identity-only answers (`ecr:GetAuthorizationToken` in a registry), which do not depend on the
    /// repository.
    struct PrincipalCells {
        let principal: Int
        fileprivate let simulated: SimulatedPrincipal
        fileprivate var requests: [AccessRequest?]
        fileprivate var policies: (repository: Int, set: PolicySet)?
        /// Per registry: identity-only answers by action (a few entries, compared by text).
        fileprivate var identityOnly: [[(action: String, allowed: Bool)]]

        init(principal: Int, model: RegistryModel) {
            self.principal = principal
            simulated = model.principals[principal]
            requests = Array(repeating: nil, count: model.input.manifest.registries.count)
            identityOnly = Array(repeating: [], count: model.input.manifest.registries.count)
        }
    }

    /// Whether the capability is allowed: the conjunction of its required actions, stopping at the
    /// first that is not allowed (the access matrix's fast path; `explain` gives the reasons).
    /// `steps` are the capability's required steps (`Capability.requiredSteps`), read once by the caller.
    func isAllowed(repository: Int, steps: [CapabilityStep], cells: inout PrincipalCells) -> Bool {
        let registryIndex = repositories[repository].registryIndex
        let identity = cells.simulated.identity
        for step in steps {
            if !step.onRepository {
                if identity.kind == .service { continue }
                if let cached = cells.identityOnly[registryIndex].first(where: { $0.action == step.action }) {
                    if !cached.allowed { return false }
                    continue
                }
                let registry = input.manifest.registries[registryIndex]
                let request = AccessRequest(principal: identity, action: step.action, resource: "*",
                                            resourceAccount: identity.account ?? registry.account,
                                            context: cells.simulated.context(region: registry.region))
                // The same policies as `explain` (RCPs included: the evaluator applies them to every request).
                let set = cells.simulated.policies(repository: nil, registry: registrySides[registryIndex])
                let allowed = evaluator.outcome(request, set) == .allowed
                cells.identityOnly[registryIndex].append((step.action, allowed))
                if !allowed { return false }
                continue
            }
            if cells.policies?.repository != repository {
                let set = cells.simulated.policies(repository: repositories[repository].policy, registry: registrySides[registryIndex])
                cells.policies = (repository, set)
            }
            let arn = repositories[repository].arn
            let base: AccessRequest
            if let cached = cells.requests[registryIndex] {
                base = cached
            } else {
                let registry = input.manifest.registries[registryIndex]
                base = AccessRequest(principal: identity, action: step.action, resource: arn,
                                     resourceAccount: registry.account, context: cells.simulated.context(region: registry.region))
                cells.requests[registryIndex] = base
            }
            if evaluator.outcome(base.with(action: step.action, resource: arn), cells.policies!.set) != .allowed { return false }
        }
        return true
    }

    /// Evaluates one request against a registry's resource side as `principal` (used for
    /// replication, where the caller is the source account's root).
    func evaluate(_ request: AccessRequest, registryIndex: Int, repository: CompiledPolicy?) -> Decision {
        let side = registrySides[registryIndex]
        let set = PolicySet(resource: repository, registry: side.policy, registryPolicyScope: side.scope,
                            resourceControlPolicies: side.resourceControlPolicies)
        return evaluator.evaluate(request, set)
    }
}

/// A repository as audited: where it lives and its compiled policy.
public struct AuditedRepository: Sendable {
    public let registryIndex: Int
    public let registry: RegistryManifest
    public let repository: RepositoryManifest
    let policy: CompiledPolicy?
    public let arn: String

    init(registryIndex: Int, registry: RegistryManifest, repository: RepositoryManifest, policy: CompiledPolicy?) {
        self.registryIndex = registryIndex
        self.registry = registry
        self.repository = repository
        self.policy = policy
        arn = registry.repositoryARN(repository.name)
    }

    /// `production/employee-api` when the registry has a name of its own, else the repository name.
    public var label: String { "\(registry.name)/\(repository.name)" }
}
