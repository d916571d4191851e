/// Every policy in play for one request, compiled. Copy-on-write: copying a set costs one retain.
public struct PolicySet: Sendable {
    final class Storage: @unchecked Sendable {
        var identity: [CompiledPolicy] = []
        var resource: CompiledPolicy?
        var registry: CompiledPolicy?
        var registryPolicyScope: RegistryPolicyScope = .v2
        var boundary: CompiledPolicy?
        var session: CompiledPolicy?
        var serviceControlPolicies: [[CompiledPolicy]] = []
        var resourceControlPolicies: [[CompiledPolicy]] = []
        var endpoints: [CompiledPolicy] = []
        var managementAccount: String?

        func copy() -> Storage {
            let s = Storage()
            s.identity = identity; s.resource = resource; s.registry = registry; s.registryPolicyScope = registryPolicyScope
            s.boundary = boundary; s.session = session; s.serviceControlPolicies = serviceControlPolicies
            s.resourceControlPolicies = resourceControlPolicies; s.endpoints = endpoints; s.managementAccount = managementAccount
            return s
        }
    }

    fileprivate(set) var storage = Storage()

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// Identity-based policies attached to the principal (user, its groups, or role).
    public var identity: [CompiledPolicy] { get { storage.identity } set { unique().identity = newValue } }
    /// The resource-based policy of the resource: for ECR, the repository policy.
    public var resource: CompiledPolicy? { get { storage.resource } set { unique().resource = newValue } }
    /// The registry permission policy of the resource's registry, with its scope.
    public var registry: CompiledPolicy? { get { storage.registry } set { unique().registry = newValue } }
    public var registryPolicyScope: RegistryPolicyScope { get { storage.registryPolicyScope } set { unique().registryPolicyScope = newValue } }
    public var boundary: CompiledPolicy? { get { storage.boundary } set { unique().boundary = newValue } }
    public var session: CompiledPolicy? { get { storage.session } set { unique().session = newValue } }
    /// SCPs of the principal's account path, one list per level, root first.
    public var serviceControlPolicies: [[CompiledPolicy]] { get { storage.serviceControlPolicies } set { unique().serviceControlPolicies = newValue } }
    /// RCPs of the resource's account path, one list per level, root first. `RCPFullAWSAccess`
    /// is implicitly attached at every level, so only their Deny statements can change a decision.
    public var resourceControlPolicies: [[CompiledPolicy]] { get { storage.resourceControlPolicies } set { unique().resourceControlPolicies = newValue } }
    /// VPC endpoint policies of the endpoints the request passes through; each must allow.
    public var endpoints: [CompiledPolicy] { get { storage.endpoints } set { unique().endpoints = newValue } }
    /// The organization's management account: SCPs and RCPs do not apply to it.
    public var managementAccount: String? { get { storage.managementAccount } set { unique().managementAccount = newValue } }

    public init(identity: [CompiledPolicy] = [], resource: CompiledPolicy? = nil, registry: CompiledPolicy? = nil,
                registryPolicyScope: RegistryPolicyScope = .v2, boundary: CompiledPolicy? = nil, session: CompiledPolicy? = nil,
                serviceControlPolicies: [[CompiledPolicy]] = [], resourceControlPolicies: [[CompiledPolicy]] = [],
                endpoints: [CompiledPolicy] = [], managementAccount: String? = nil) {
        let s = storage
        s.identity = identity
        s.resource = resource
        s.registry = registry
        s.registryPolicyScope = registryPolicyScope
        s.boundary = boundary
        s.session = session
        s.serviceControlPolicies = serviceControlPolicies
        s.resourceControlPolicies = resourceControlPolicies
        s.endpoints = endpoints
        s.managementAccount = managementAccount
    }
}
