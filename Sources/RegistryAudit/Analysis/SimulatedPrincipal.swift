import PolicyCore

/// A manifest principal ready for evaluation: its identity, its compiled policies and the request
/// context it carries (organization, path, its own keys).
struct SimulatedPrincipal: Sendable {
    var manifest: PrincipalManifest
    var identity: PrincipalIdentity
    var organization: OrganizationMembership?
    /// Identity, boundary, session and SCPs; the resource side is filled per repository.
    var policies: PolicySet
    var baseContext: [String: ContextValue]

    init?(_ principal: PrincipalManifest, manifest: Manifest, library: PolicyLibrary, input: RegistryInput) {
        guard let identity = PrincipalIdentity(principal.identity) else { return nil }
        self.manifest = principal
        self.identity = identity
        organization = principal.organization
            ?? identity.account.flatMap { account in manifest.registries.first { $0.account == account }?.organization }
        policies = PolicySet(
            identity: principal.identityPolicies.compactMap { library.policy($0, kind: .identity, in: input) },
            boundary: library.policy(principal.permissionBoundary, kind: .boundary, in: input),
            session: library.policy(principal.sessionPolicy, kind: .session, in: input),
            serviceControlPolicies: principal.serviceControlPolicies.map { level in level.compactMap { library.policy($0, kind: .scp, in: input) } },
            managementAccount: organization?.managementAccount)
        var context: [String: ContextValue] = ["aws:SecureTransport": .single("true")]
        if identity.isIAMPrincipal, let organization {
            context["aws:PrincipalOrgID"] = .single(organization.id)
            if let path = organization.ouPath { context["aws:PrincipalOrgPaths"] = .multiple([path]) }
        }
        for (key, values) in principal.context {
            context[key] = values.count == 1 ? .single(values[0]) : .multiple(values)
        }
        baseContext = context
    }

    /// The context of a request to a registry in `region`.
    func context(region: String) -> RequestContext {
        var context = RequestContext(baseContext)
        if context["aws:RequestedRegion"] == nil { context["aws:RequestedRegion"] = .single(region) }
        return context
    }

    /// The principal's policies plus the resource side of `repository` in `registry`: its registry
    /// policy in its scope and the RCPs of the registry's account.
    func policies(repository: CompiledPolicy?, registry: RegistryResourceSide) -> PolicySet {
        var set = policies
        set.resource = repository
        set.registry = registry.policy
        set.registryPolicyScope = registry.scope
        if !registry.resourceControlPolicies.isEmpty { set.resourceControlPolicies = registry.resourceControlPolicies }
        return set
    }
}

/// What every request to one registry's resources is evaluated against besides the repository
/// policy: the registry permission policy in its scope, and the RCPs of the registry's account
/// (none when the account is its organization's management account, which RCPs do not apply to).
struct RegistryResourceSide: Sendable {
    var policy: CompiledPolicy?
    var scope: RegistryPolicyScope
    var resourceControlPolicies: [[CompiledPolicy]]

    init(_ registry: RegistryManifest, library: PolicyLibrary, input: RegistryInput) {
        policy = library.policy(registry.registryPolicy, kind: .registry, in: input)
        scope = registry.policyScope
        let isManagementAccount = registry.organization?.managementAccount == registry.account
        resourceControlPolicies = isManagementAccount ? [] : registry.resourceControlPolicies.map { level in
            level.compactMap { library.policy($0, kind: .rcp, in: input) }
        }
    }
}
