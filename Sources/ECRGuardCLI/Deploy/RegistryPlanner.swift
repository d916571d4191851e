import ECRClient
import Foundation

/// The changes that make one live registry match the manifest, and the live state the manifest does
/// not manage. Pure: `LiveRegistryReader` reads, this decides. Nothing is ever deleted: live policies
/// and replication the manifest does not name are reported as unmanaged, and left alone.
enum RegistryPlanner {
    struct Plan {
        var changes: [PlannedChange] = []
        var notes: [String] = []
        var unmanaged: [UnmanagedItem] = []
    }

    static func plan(desired: DesiredRegistry, live: LiveRegistry) -> Plan {
        var plan = Plan()
        for repository in desired.repositories {
            planRepository(repository, live: live.repository(repository.name), into: &plan)
        }
        let managed = Set(desired.repositories.map(\.name))
        for repository in live.repositories where !managed.contains(repository.name) {
            if let policy = repository.policy {
                plan.unmanaged.append(.repositoryPolicy(repository: repository.name, repositoryInManifest: false, policy: policy))
            }
        }
        planRegistryPolicy(desired, live: live, into: &plan)
        if let replication = desired.replication {
            if live.replication != replication {
                plan.changes.append(.putReplication(live: live.replication, desired: replication))
            }
        } else {
            for rule in live.replication?.rules ?? [] {
                let prefixes = rule.repositoryFilters?.map { $0.filter ?? "?" } ?? []
                for destination in (rule.destinations ?? []).map(ReplicationTarget.init) where destination.registryId != live.account {
                    plan.unmanaged.append(.replication(destination: destination, prefixes: prefixes,
                                                       accountInManifest: desired.manifestAccounts.contains(destination.registryId)))
                }
            }
        }
        planPullThroughCache(desired, live: live, into: &plan)
        return plan
    }

    private static func planRepository(_ repository: DesiredRegistry.Repository, live: LiveRegistry.Repository?, into plan: inout Plan) {
        guard let live else {
            plan.changes.append(.createRepository(repository))
            if let policy = repository.policy {
                plan.changes.append(.setRepositoryPolicy(repository: repository.name, live: nil, desired: policy))
            }
            return
        }
        if live.scanOnPush != repository.scanOnPush {
            plan.changes.append(.setScanOnPush(repository: repository.name, from: live.scanOnPush, to: repository.scanOnPush))
        }
        if let mutability = live.tagMutability, mutability != repository.tagMutability {
            plan.changes.append(.setTagMutability(repository: repository.name, from: mutability, to: repository.tagMutability))
        }
        if let liveType = live.encryptionType, liveType != repository.encryptionType {
            plan.notes.append("repository \(repository.name): encryption is \(liveType), the manifest says \(repository.encryptionType); ECR cannot change it after creation")
        }
        if let desiredPolicy = repository.policy {
            if !PolicyText.same(live.policy, desiredPolicy.text) {
                plan.changes.append(.setRepositoryPolicy(repository: repository.name, live: live.policy, desired: desiredPolicy))
            }
        } else if let policy = live.policy {
            plan.unmanaged.append(.repositoryPolicy(repository: repository.name, repositoryInManifest: true, policy: policy))
        }
    }

    private static func planRegistryPolicy(_ desired: DesiredRegistry, live: LiveRegistry, into plan: inout Plan) {
        guard let desiredPolicy = desired.registryPolicy else {
            if let policy = live.registryPolicy { plan.unmanaged.append(.registryPolicy(policy: policy)) }
            return
        }
        switch live.policyScope {
        case .read(let scope?) where scope != desired.registryPolicyScope:
            plan.changes.append(.setRegistryPolicyScope(from: scope, to: desired.registryPolicyScope))
        case .unreadable(let reason):
            plan.notes.append("could not read REGISTRY_POLICY_SCOPE (\(reason)); the manifest's \(desired.registryPolicyScope) was not compared")
        default:
            break
        }
        if !PolicyText.same(live.registryPolicy, desiredPolicy.text) {
            plan.changes.append(.putRegistryPolicy(live: live.registryPolicy, desired: desiredPolicy))
        }
    }

    private static func planPullThroughCache(_ desired: DesiredRegistry, live: LiveRegistry, into plan: inout Plan) {
        switch live.pullThroughCache {
        case .read(let rules):
            for rule in desired.pullThroughCache {
                if let upstream = rules[rule.prefix] {
                    if upstream != rule.upstream {
                        plan.notes.append("pull-through cache rule \(rule.prefix) points at \(upstream), the manifest says \(rule.upstream); delete it to recreate (ecrguard never deletes)")
                    }
                } else {
                    plan.changes.append(.createPullThroughCacheRule(prefix: rule.prefix, upstream: rule.upstream, credentialArn: rule.credentialArn))
                }
            }
        case .unreadable(let reason):
            plan.notes.append("could not read pull-through cache rules (\(reason)); not compared")
        case .notRead:
            break
        }
    }
}
