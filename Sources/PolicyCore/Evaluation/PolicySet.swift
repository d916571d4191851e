/// Every policy in play for one request, compiled. The fields live in one immutable storage
/// object: copying a set costs one retain, reading a field none, and setting one builds a new
/// storage (sets are built once and evaluated many times).
public struct PolicySet: Sendable {
    final class Storage: Sendable {
        let identity: [CompiledPolicy]
        let resource: CompiledPolicy?
        let registry: CompiledPolicy?
        let registryPolicyScope: RegistryPolicyScope
        let boundary: CompiledPolicy?
        let session: CompiledPolicy?
        let serviceControlPolicies: [[CompiledPolicy]]
        let resourceControlPolicies: [[CompiledPolicy]]
        let endpoints: [CompiledPolicy]
        let managementAccount: String?
        /// Whether any RCP, SCP or VPC endpoint policy is present: when none is, `Evaluator`
        /// skips those steps (the common identity-only set).
        let hasGuardrails: Bool
        /// The policies every request may read, again as `BorrowedPolicy`s (valid while this storage
        /// holds them above): the evaluator reads these without retaining a policy per request.
        let borrowedIdentity: OwnedBuffer<BorrowedPolicy>
        let borrowedResource: BorrowedPolicy?
        let borrowedRegistry: BorrowedPolicy?
        let borrowedBoundary: BorrowedPolicy?
        let borrowedSession: BorrowedPolicy?

        init(identity: [CompiledPolicy], resource: CompiledPolicy?, registry: CompiledPolicy?, registryPolicyScope: RegistryPolicyScope,
             boundary: CompiledPolicy?, session: CompiledPolicy?, serviceControlPolicies: [[CompiledPolicy]],
             resourceControlPolicies: [[CompiledPolicy]], endpoints: [CompiledPolicy], managementAccount: String?) {
            self.identity = identity
            self.resource = resource
            self.registry = registry
            self.registryPolicyScope = registryPolicyScope
            self.boundary = boundary
            self.session = session
            self.serviceControlPolicies = serviceControlPolicies
            self.resourceControlPolicies = resourceControlPolicies
            self.endpoints = endpoints
            self.managementAccount = managementAccount
            hasGuardrails = !serviceControlPolicies.isEmpty || !resourceControlPolicies.isEmpty || !endpoints.isEmpty
            borrowedIdentity = OwnedBuffer(identity.map(BorrowedPolicy.init))
            borrowedResource = resource.map(BorrowedPolicy.init)
            borrowedRegistry = registry.map(BorrowedPolicy.init)
            borrowedBoundary = boundary.map(BorrowedPolicy.init)
            borrowedSession = session.map(BorrowedPolicy.init)
        }

        deinit {
            borrowedIdentity.release()
        }
    }

    private(set) var storage: Storage

    public init(identity: [CompiledPolicy] = [], resource: CompiledPolicy? = nil, registry: CompiledPolicy? = nil,
                registryPolicyScope: RegistryPolicyScope = .v2, boundary: CompiledPolicy? = nil, session: CompiledPolicy? = nil,
                serviceControlPolicies: [[CompiledPolicy]] = [], resourceControlPolicies: [[CompiledPolicy]] = [],
                endpoints: [CompiledPolicy] = [], managementAccount: String? = nil) {
        storage = Storage(identity: identity, resource: resource, registry: registry, registryPolicyScope: registryPolicyScope,
                          boundary: boundary, session: session, serviceControlPolicies: serviceControlPolicies,
                          resourceControlPolicies: resourceControlPolicies, endpoints: endpoints, managementAccount: managementAccount)
    }

    private mutating func with(identity: [CompiledPolicy]? = nil, resource: CompiledPolicy?? = nil, registry: CompiledPolicy?? = nil,
                               registryPolicyScope: RegistryPolicyScope? = nil, boundary: CompiledPolicy?? = nil, session: CompiledPolicy?? = nil,
                               serviceControlPolicies: [[CompiledPolicy]]? = nil, resourceControlPolicies: [[CompiledPolicy]]? = nil,
                               endpoints: [CompiledPolicy]? = nil, managementAccount: String?? = nil) {
        let s = storage
        storage = Storage(identity: identity ?? s.identity, resource: resource ?? s.resource, registry: registry ?? s.registry,
                          registryPolicyScope: registryPolicyScope ?? s.registryPolicyScope, boundary: boundary ?? s.boundary,
                          session: session ?? s.session, serviceControlPolicies: serviceControlPolicies ?? s.serviceControlPolicies,
                          resourceControlPolicies: resourceControlPolicies ?? s.resourceControlPolicies, endpoints: endpoints ?? s.endpoints,
                          managementAccount: managementAccount ?? s.managementAccount)
    }

    /// Identity-based policies attached to the principal (user, its groups, or role).
    public var identity: [CompiledPolicy] { get { storage.identity } set { with(identity: newValue) } }
    /// The resource-based policy of the resource: for ECR, the repository policy.
    public var resource: CompiledPolicy? { get { storage.resource } set { with(resource: .some(newValue)) } }
    /// The registry permission policy of the resource's registry, with its scope.
    public var registry: CompiledPolicy? { get { storage.registry } set { with(registry: .some(newValue)) } }
    public var registryPolicyScope: RegistryPolicyScope { get { storage.registryPolicyScope } set { with(registryPolicyScope: newValue) } }
    public var boundary: CompiledPolicy? { get { storage.boundary } set { with(boundary: .some(newValue)) } }
    public var session: CompiledPolicy? { get { storage.session } set { with(session: .some(newValue)) } }
    /// SCPs of the principal's account path, one list per level, root first.
    public var serviceControlPolicies: [[CompiledPolicy]] { get { storage.serviceControlPolicies } set { with(serviceControlPolicies: newValue) } }
    /// RCPs of the resource's account path, one list per level, root first. `RCPFullAWSAccess`
    /// is implicitly attached at every level, so only their Deny statements can change a decision.
    public var resourceControlPolicies: [[CompiledPolicy]] { get { storage.resourceControlPolicies } set { with(resourceControlPolicies: newValue) } }
    /// VPC endpoint policies of the endpoints the request passes through; each must allow.
    public var endpoints: [CompiledPolicy] { get { storage.endpoints } set { with(endpoints: newValue) } }
    /// The organization's management account: SCPs and RCPs do not apply to it.
    public var managementAccount: String? { get { storage.managementAccount } set { with(managementAccount: .some(newValue)) } }
}
