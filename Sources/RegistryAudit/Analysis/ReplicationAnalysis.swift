import PolicyCore

/// Where one repository's images go under one rule, and whether they get there.
public struct ReplicationRoute: Sendable {
    public enum Status: String, Sendable, Hashable {
        /// The destination accepts the replica.
        case arrives
        /// ECR will try and fail; it reports nothing to the source registry.
        case failsSilently
        /// The destination registry is not in the manifest, so its policy is unknown.
        case unknown
    }

    public var source: RegistryManifest
    public var repository: RepositoryManifest
    public var rule: ReplicationRule
    public var destination: ReplicationDestination
    public var status: Status
    public var crossAccount: Bool
    /// Why it will or will not arrive.
    public var reason: String
    /// What else a reviewer must know (the replica's governing policies, timing).
    public var notes: [String]
    /// The decisions that settled it, when a registry policy was consulted.
    public var decisions: [(action: String, decision: Decision)]

    public var destinationLabel: String { destination.label }
}

/// A replication problem that is not tied to one repository (a filter that matches nothing).
public struct ReplicationIssue: Sendable {
    public var message: String
    public var location: ManifestLocation
}

/// Follows each registry's replication rules: for every repository, the destinations its rules and
/// filters send it to, and whether each destination lets it arrive (ECR User Guide, "Private image
/// replication", "Private registry permissions").
struct ReplicationAnalysis {
    let model: RegistryModel

    func routes() -> [ReplicationRoute] {
        var routes: [ReplicationRoute] = []
        for (index, source) in model.input.manifest.registries.enumerated() {
            for repository in source.repositories {
                var seen: Set<ReplicationDestination> = []
                for rule in source.replication where rule.applies(to: repository.name) {
                    for destination in rule.destinations where seen.insert(destination).inserted {
                        routes.append(route(sourceIndex: index, source: source, repository: repository, rule: rule, destination: destination))
                    }
                }
            }
        }
        return routes
    }

    /// Rules and filters that replicate nothing: ECR accepts them and nothing happens.
    func issues() -> [ReplicationIssue] {
        var issues: [ReplicationIssue] = []
        for source in model.input.manifest.registries {
            for rule in source.replication {
                for filter in rule.filters where !source.repositories.contains(where: { filter.matches($0.name) }) {
                    issues.append(ReplicationIssue(
                        message: "replication filter '\(filter.prefix)' (PREFIX_MATCH) of rule \(rule.index) matches no repository of registry \(source.name); nothing is replicated through it",
                        location: filter.location))
                }
            }
        }
        return issues
    }

    private func route(sourceIndex: Int, source: RegistryManifest, repository: RepositoryManifest, rule: ReplicationRule,
                       destination: ReplicationDestination) -> ReplicationRoute {
        let crossAccount = destination.registryId != source.account
        let manifest = model.input.manifest
        let target = manifest.registry(account: destination.registryId, region: destination.region)
        let existing = target?.repository(named: repository.name)
        var notes = ["only images pushed after the replication configuration exists are replicated"]
        if let target, let existing {
            notes.insert(existing.policy.map { "the replica \(target.name)/\(repository.name) is governed by its own repository policy \(model.input.path(of: $0)) and the destination registry's policies, not by the source repository policy" }
                ?? "the replica \(target.name)/\(repository.name) has no repository policy; access to it is governed by the destination account's identity policies and registry policy, not by the source repository policy", at: 0)
        } else {
            notes.insert("the replica is created with default settings (no repository policy) unless a repository creation template applies; the source repository policy is not copied, so the destination's policies govern who can pull it", at: 0)
        }
        var result = ReplicationRoute(source: source, repository: repository, rule: rule, destination: destination, status: .arrives,
                                      crossAccount: crossAccount, reason: "", notes: notes, decisions: [])
        guard crossAccount else {
            result.reason = "cross-Region replication within account \(source.account) needs no registry permission policy"
            return result
        }
        guard let target, let targetIndex = manifest.registries.firstIndex(where: { $0.account == target.account && $0.region == target.region }) else {
            result.status = .unknown
            result.reason = "destination registry \(destination.label) is not described in the manifest; its registry permission policy must allow \(source.accountRootARN) ecr:ReplicateImage and ecr:CreateRepository (unless the repository exists there)"
            return result
        }
        let principal = PrincipalIdentity(source.accountRootARN)!
        let arn = target.repositoryARN(repository.name)
        let repositoryPolicy = existing.flatMap { model.library.policy($0.policy, kind: .repository, in: model.input) }
        func decide(_ action: String) -> Decision {
            let request = AccessRequest(principal: principal, action: action, resource: arn, resourceAccount: target.account,
                                        context: RequestContext(["aws:RequestedRegion": .single(target.region)]))
            return model.evaluate(request, registryIndex: targetIndex, repository: repositoryPolicy)
        }
        let replicate = decide("ecr:ReplicateImage")
        result.decisions.append(("ecr:ReplicateImage", replicate))
        var missing: [String] = []
        if !replicate.isAllowed { missing.append("ecr:ReplicateImage") }
        if existing == nil {
            let create = decide("ecr:CreateRepository")
            result.decisions.append(("ecr:CreateRepository", create))
            if !create.isAllowed { missing.append("ecr:CreateRepository (the repository does not exist in \(target.name))") }
        }
        let policyName = target.registryPolicy.map { "registry policy \(model.input.path(of: $0))" } ?? "registry \(target.name), which has no registry permission policy,"
        if missing.isEmpty {
            result.reason = "the \(policyName) allows \(source.accountRootARN) " + (existing == nil ? "ecr:ReplicateImage and ecr:CreateRepository" : "ecr:ReplicateImage (the repository already exists there)")
        } else {
            result.status = .failsSilently
            let denied = result.decisions.contains { $0.decision.outcome == .explicitDeny } ? "explicitly denies" : "does not allow"
            result.reason = "the \(policyName) \(denied) \(source.accountRootARN) \(missing.joined(separator: " and ")); ECR will fail this replication silently"
        }
        return result
    }
}
