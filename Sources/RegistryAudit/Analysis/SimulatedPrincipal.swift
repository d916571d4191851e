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
            serviceControlPolicies: principal.serviceControlPolicies.map { level in level.compactMap { library.policy($0, kind: .scp, in: input) } })
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

    /// The principal's policies plus the resource side of `repository` in `registry`.
    func policies(repository: CompiledPolicy?, registry: CompiledPolicy?, scope: RegistryPolicyScope) -> PolicySet {
        var set = policies
        set.resource = repository
        set.registry = registry
        set.registryPolicyScope = scope
        return set
    }
}
