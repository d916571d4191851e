import ECRClient
import Foundation

/// Reads the live state of one registry and lists the changes that make it match the manifest.
/// Live policies absent from the manifest are left alone (reported as notes, never deleted).
struct RegistryPlanner {
    let service: ECRService

    struct Plan {
        var changes: [PlannedChange] = []
        var notes: [String] = []
    }

    func plan(_ desired: DesiredRegistry) throws(AWSClientError) -> Plan {
        var plan = Plan()
        for repository in desired.repositories {
            let live: Repository?
            do {
                live = try service.perform(DescribeRepositories(repositoryNames: [repository.name])).repositories?.first
            } catch where error.code == "RepositoryNotFoundException" {
                live = nil
            }
            guard let live else {
                plan.changes.append(.createRepository(repository))
                if let policy = repository.policy {
                    plan.changes.append(.setRepositoryPolicy(repository: repository.name, live: nil, desired: policy))
                }
                continue
            }
            let liveScan = live.imageScanningConfiguration?.scanOnPush ?? false
            if liveScan != repository.scanOnPush {
                plan.changes.append(.setScanOnPush(repository: repository.name, from: liveScan, to: repository.scanOnPush))
            }
            if let mutability = live.imageTagMutability, mutability != repository.tagMutability {
                plan.changes.append(.setTagMutability(repository: repository.name, from: mutability, to: repository.tagMutability))
            }
            if let liveType = live.encryptionConfiguration?.encryptionType, liveType != repository.encryptionType {
                plan.notes.append("repository \(repository.name): encryption is \(liveType), the manifest says \(repository.encryptionType); ECR cannot change it after creation")
            }
            let livePolicy = try optional("RepositoryPolicyNotFoundException") { () throws(AWSClientError) in
                try service.perform(GetRepositoryPolicy(repositoryName: repository.name)).policyText
            }
            if let desiredPolicy = repository.policy {
                if !PolicyText.same(livePolicy, desiredPolicy.text) {
                    plan.changes.append(.setRepositoryPolicy(repository: repository.name, live: livePolicy, desired: desiredPolicy))
                }
            } else if livePolicy != nil {
                plan.notes.append("repository \(repository.name) has a live policy the manifest does not name (left unchanged)")
            }
        }
        let liveRegistryPolicy = try optional("RegistryPolicyNotFoundException") { () throws(AWSClientError) in
            try service.perform(GetRegistryPolicy()).policyText
        }
        if let desiredPolicy = desired.registryPolicy {
            do {
                let scope = try service.perform(GetAccountSetting(name: "REGISTRY_POLICY_SCOPE")).value
                if let scope, scope != desired.registryPolicyScope {
                    plan.changes.append(.setRegistryPolicyScope(from: scope, to: desired.registryPolicyScope))
                }
            } catch {
                plan.notes.append("could not read REGISTRY_POLICY_SCOPE (\(error.code ?? "\(error)")); the manifest's \(desired.registryPolicyScope) was not compared")
            }
            if !PolicyText.same(liveRegistryPolicy, desiredPolicy.text) {
                plan.changes.append(.putRegistryPolicy(live: liveRegistryPolicy, desired: desiredPolicy))
            }
        } else if liveRegistryPolicy != nil {
            plan.notes.append("the registry has a live registry policy the manifest does not name (left unchanged)")
        }
        if let replication = desired.replication {
            let live = try service.perform(DescribeRegistry()).replicationConfiguration
            if live != replication {
                plan.changes.append(.putReplication(live: live, desired: replication))
            }
        }
        if !desired.pullThroughCache.isEmpty {
            do {
                let live = try service.performAllPages(DescribePullThroughCacheRules())
                for rule in desired.pullThroughCache {
                    if let existing = live.first(where: { $0.ecrRepositoryPrefix == rule.prefix }) {
                        if existing.upstreamRegistryUrl != rule.upstream {
                            plan.notes.append("pull-through cache rule \(rule.prefix) points at \(existing.upstreamRegistryUrl ?? "?"), the manifest says \(rule.upstream); delete it to recreate (ecrguard never deletes)")
                        }
                    } else {
                        plan.changes.append(.createPullThroughCacheRule(prefix: rule.prefix, upstream: rule.upstream, credentialArn: rule.credentialArn))
                    }
                }
            } catch {
                plan.notes.append("could not read pull-through cache rules (\(error.code ?? "\(error)")); not compared")
            }
        }
        return plan
    }

    private func optional<T>(_ notFound: String, _ body: () throws(AWSClientError) -> T?) throws(AWSClientError) -> T? {
        do { return try body() } catch where error.code == notFound { return nil }
    }
}
