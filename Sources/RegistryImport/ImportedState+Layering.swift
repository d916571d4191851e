import PolicyCore
import RegistryAudit

extension ImportedState {
    /// This state laid over a `policies/` input, as `audit DIR --terraform-plan/--cloudformation/--live`
    /// audits a change against the team's manifest:
    /// - a registry of this state replaces the base's registry of the same account and Region (its
    ///   settings, policies and replication), keeping the base's registry name; repositories replace
    ///   the base's repository of the same name, and the base's other repositories of that registry stay;
    /// - a principal replaces the base's principal with the same ARN, keeping the base's name and
    ///   what the import does not know (see `layer(_:over:)`);
    /// - everything else of the base stays, its `expectations` included, so the change is judged by
    ///   the team's rules; new registries and principals are added.
    /// A registry's settings are replaced whole: a reader that does not know one of them (a plan that
    /// does not manage the registry policy or replication) copies it from the base's registry first,
    /// so "not managed here" never reads as "none".
    /// A base policy file whose path this state also writes with other text moves to `base/PATH`;
    /// policy files nothing refers to any more are dropped. Gaps and provenance are this state's.
    public func layered(over base: RegistryInput) -> ImportedState {
        var baseState = ImportedState(base, provenance: provenance)
        baseState.moveCollidingPolicies(away: policies)
        let old = baseState.manifest
        var registries = old.registries
        for registry in manifest.registries {
            var layered = registry
            if let index = registries.firstIndex(where: { $0.account == registry.account && $0.region == registry.region }) {
                let kept = registries[index].repositories.filter { repository in !registry.repositories.contains { $0.name == repository.name } }
                layered.name = registries[index].name
                layered.repositories = registry.repositories + kept
                registries[index] = layered
            } else {
                registries.append(layered)
            }
        }
        var principals = old.principals
        for principal in manifest.principals {
            if let index = principals.firstIndex(where: { $0.identity == principal.identity }) {
                principals[index] = Self.layer(principal, over: principals[index])
            } else {
                principals.append(principal)
            }
        }
        let merged = Manifest(file: manifest.file, registries: registries, principals: principals,
                              expectations: old.expectations + manifest.expectations)
        var all = baseState.policies
        for (path, policy) in policies { all[path] = policy }
        let referenced = Set(RegistryLoader.references(in: merged).map(\.0.path))
        return ImportedState(manifest: merged, policies: all.filter { referenced.contains($0.key) }, gaps: gaps, provenance: provenance)
    }

    /// An imported principal over the base's principal of the same ARN: the base's name, and what
    /// the import does not know kept from the base (SCP levels when the import has none and does not
    /// mark them not collected, organization, session policy, context keys it does not set).
    static func layer(_ imported: PrincipalManifest, over base: PrincipalManifest) -> PrincipalManifest {
        var layered = imported
        layered.name = base.name
        if imported.serviceControlPolicies.isEmpty && !imported.serviceControlPoliciesNotCollected {
            layered.serviceControlPolicies = base.serviceControlPolicies
            layered.serviceControlPoliciesNotCollected = base.serviceControlPoliciesNotCollected
        }
        layered.organization = imported.organization ?? base.organization
        layered.sessionPolicy = imported.sessionPolicy ?? base.sessionPolicy
        layered.context = base.context.merging(imported.context) { _, new in new }
        return layered
    }

    /// Renames this state's policy files that `other` also has with different text to `base/PATH`
    /// (and every reference to them).
    mutating func moveCollidingPolicies(away other: [String: ImportedPolicy]) {
        let moved = Set(policies.keys.filter { path in other[path].map { ManifestWriter.policyText($0.text) != ManifestWriter.policyText(policies[path]!.text) } ?? false })
        guard !moved.isEmpty else { return }
        func rename(_ reference: PolicyReference) -> PolicyReference {
            guard moved.contains(reference.path) else { return reference }
            var renamed = reference
            renamed.path = Self.movedPrefix + reference.path
            return renamed
        }
        for index in manifest.registries.indices {
            manifest.registries[index].registryPolicy = manifest.registries[index].registryPolicy.map(rename)
            manifest.registries[index].resourceControlPolicies = manifest.registries[index].resourceControlPolicies.map { $0.map(rename) }
            for r in manifest.registries[index].repositories.indices {
                manifest.registries[index].repositories[r].policy = manifest.registries[index].repositories[r].policy.map(rename)
            }
        }
        for index in manifest.principals.indices {
            manifest.principals[index].identityPolicies = manifest.principals[index].identityPolicies.map(rename)
            manifest.principals[index].permissionBoundary = manifest.principals[index].permissionBoundary.map(rename)
            manifest.principals[index].sessionPolicy = manifest.principals[index].sessionPolicy.map(rename)
            manifest.principals[index].serviceControlPolicies = manifest.principals[index].serviceControlPolicies.map { $0.map(rename) }
        }
        for path in moved {
            policies[Self.movedPrefix + path] = policies.removeValue(forKey: path)
        }
    }

    /// Where a base policy goes when a layered state writes other text at its path.
    static let movedPrefix = "base/"
}
