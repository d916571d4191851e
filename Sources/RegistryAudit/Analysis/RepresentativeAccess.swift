import PolicyCore

/// One of who-can's representative others (`WhoCan.representatives`: another principal of the
/// repository's account, any principal of another account, a principal of another account in the
/// organization, an anonymous caller) against one repository: its decision per capability and, for
/// allowed ones, the Denies that were considered and did not apply.
public struct RepresentativeAccess: Sendable {
    public var subject: WhoCan.Subject
    /// In the order of the capabilities asked about.
    public var decisions: [CapabilityDecision]
    public var unappliedDenies: [[UnappliedDeny]]
}

extension RegistryModel {
    /// Who else can use `capabilities` on the repository: the representatives `who-can` lists,
    /// decided against the repository's resource side exactly as `who-can` decides them. Principals
    /// the manifest describes are not repeated.
    public func representatives(repository r: Int, capabilities: [Capability]) -> [RepresentativeAccess] {
        let repository = repositories[r], registry = repository.registry
        let subjects = WhoCan.representatives(repositoryAccount: registry.account, organizationID: registry.organization?.id,
                                              excluding: Set(input.manifest.principals.map(\.identity)))
        let side = registrySides[repository.registryIndex]
        let resource = WhoCan.ResourceSide(repositoryARN: repository.arn, repositoryPolicy: repository.policy, registryPolicy: side.policy,
                                           registryPolicyScope: side.scope, resourceControlPolicies: side.resourceControlPolicies)
        let evaluator = Evaluator()
        return subjects.map { subject in
            let set = resource.policies(for: subject)
            var access = RepresentativeAccess(subject: subject, decisions: [], unappliedDenies: [])
            for capability in capabilities {
                let decision = WhoCan.answer(capability, resource: resource, subjects: [subject])[0].decision
                access.decisions.append(decision)
                access.unappliedDenies.append(decision.isAllowed
                    ? evaluator.unappliedDenies(capability, principal: subject.principal, repository: repository.arn, context: subject.context, policies: set)
                    : [])
            }
            return access
        }
    }

    /// The Denies considered for an allowed cell that did not apply, and why (`Evaluator.unappliedDenies`).
    public func unappliedDenies(principal: Int, repository: Int, capability: Capability) -> [UnappliedDeny] {
        let p = principals[principal], r = repositories[repository]
        return Evaluator().unappliedDenies(capability, principal: p.identity, repository: r.arn, context: p.context(region: r.registry.region),
                                           policies: p.policies(repository: r.policy, registry: registrySides[r.registryIndex]))
    }
}
