/// Every policy in play for one request, compiled.
public struct PolicySet: Sendable {
    /// Identity-based policies attached to the principal (user, its groups, or role).
    public var identity: [CompiledPolicy]
    /// The resource-based policy of the resource: for ECR, the repository policy.
    public var resource: CompiledPolicy?
    /// The registry permission policy of the resource's registry, with its scope.
    public var registry: CompiledPolicy?
    public var registryPolicyScope: RegistryPolicyScope
    public var boundary: CompiledPolicy?
    public var session: CompiledPolicy?
    /// SCPs of the principal's account path, one list per level, root first.
    public var serviceControlPolicies: [[CompiledPolicy]]
    /// RCPs of the resource's account path, one list per level, root first. `RCPFullAWSAccess`
    /// is implicitly attached at every level, so only their Deny statements can change a decision.
    public var resourceControlPolicies: [[CompiledPolicy]]
    /// VPC endpoint policies of the endpoints the request passes through; each must allow.
    public var endpoints: [CompiledPolicy]
    /// The organization's management account: SCPs and RCPs do not apply to it.
    public var managementAccount: String?

    public init(identity: [CompiledPolicy] = [], resource: CompiledPolicy? = nil, registry: CompiledPolicy? = nil,
                registryPolicyScope: RegistryPolicyScope = .v2, boundary: CompiledPolicy? = nil, session: CompiledPolicy? = nil,
                serviceControlPolicies: [[CompiledPolicy]] = [], resourceControlPolicies: [[CompiledPolicy]] = [],
                endpoints: [CompiledPolicy] = [], managementAccount: String? = nil) {
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
    }
}
