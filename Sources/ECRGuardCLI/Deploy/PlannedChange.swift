import ECRClient
import PolicyCore
import RegistryAudit

/// One change `apply` would make to live ECR.
enum PlannedChange {
    case createRepository(DesiredRegistry.Repository)
    case setScanOnPush(repository: String, from: Bool, to: Bool)
    case setTagMutability(repository: String, from: String, to: String)
    case setRepositoryPolicy(repository: String, live: String?, desired: PolicyFile)
    case setRegistryPolicyScope(from: String, to: String)
    case putRegistryPolicy(live: String?, desired: PolicyFile)
    case createPullThroughCacheRule(prefix: String, upstream: String, credentialArn: String?)
    case putReplication(live: ECR.ReplicationConfiguration?, desired: ECR.ReplicationConfiguration)

    /// One line naming the change.
    var summary: String {
        switch self {
        case .createRepository(let repository):
            "+ create repository \(repository.name) (scanOnPush=\(repository.scanOnPush), \(repository.tagMutability), \(repository.encryptionType))"
        case .setScanOnPush(let repository, let from, let to):
            "~ repository \(repository): scanOnPush \(from) -> \(to)"
        case .setTagMutability(let repository, let from, let to):
            "~ repository \(repository): imageTagMutability \(from) -> \(to)"
        case .setRepositoryPolicy(let repository, let live, let desired):
            "\(live == nil ? "+" : "~") repository policy of \(repository) from \(desired.path)"
        case .setRegistryPolicyScope(let from, let to):
            "~ account setting REGISTRY_POLICY_SCOPE \(from) -> \(to)"
        case .putRegistryPolicy(let live, let desired):
            "\(live == nil ? "+" : "~") registry policy from \(desired.path)"
        case .createPullThroughCacheRule(let prefix, let upstream, _):
            "+ pull-through cache rule \(prefix) -> \(upstream)"
        case .putReplication(let live, _):
            "\(live == nil || live?.rules?.isEmpty != false ? "+" : "~") replication configuration"
        }
    }

    /// The diff lines under the summary (live `-`, desired `+`), for policy and replication changes.
    var diff: [String] {
        switch self {
        case .setRepositoryPolicy(_, let live, let desired), .putRegistryPolicy(let live, let desired):
            return TextDiff.lines(from: PolicyText.pretty(live ?? ""), to: PolicyText.pretty(desired.text))
        case .putReplication(let live, let desired):
            let before = live?.jsonValue().pretty ?? ""
            let after = desired.jsonValue().pretty
            return TextDiff.lines(from: PolicyText.pretty(before), to: PolicyText.pretty(after))
        default:
            return []
        }
    }
}

/// Live state the manifest does not manage: reported by `plan` and `apply`, its policies checked by
/// the gate, never changed or deleted.
enum UnmanagedItem {
    /// A live repository policy the manifest does not name (`repositoryInManifest`: the repository is
    /// in the manifest without a policy; otherwise the repository itself is not in the manifest).
    case repositoryPolicy(repository: String, repositoryInManifest: Bool, policy: String)
    /// A live registry policy while the manifest names none.
    case registryPolicy(policy: String)
    /// A live replication destination in another account, while the manifest says nothing about this
    /// registry's replication.
    case replication(destination: ReplicationTarget, prefixes: [String], accountInManifest: Bool)

    /// One line naming the item.
    var summary: String {
        switch self {
        case .repositoryPolicy(let repository, let inManifest, _):
            inManifest ? "repository \(repository) has a live policy the manifest does not name (left unchanged)"
                : "repository \(repository) is not in the manifest and has a live policy (left unchanged)"
        case .registryPolicy:
            "the registry has a live registry policy the manifest does not name (left unchanged)"
        case .replication(let destination, let prefixes, let inManifest):
            "replication to account \(destination.registryId) in \(destination.region)"
                + (prefixes.isEmpty ? " (all repositories)" : " (prefixes \(prefixes.joined(separator: ", ")))")
                + (inManifest ? "" : "; account \(destination.registryId) is not in the manifest") + " (left unchanged)"
        }
    }

    /// A live policy the gate checks: its text, kind, and repository (nil for the registry policy).
    struct LivePolicy {
        var text: String
        var kind: PolicyKind
        var repository: String?
    }

    var policy: LivePolicy? {
        switch self {
        case .repositoryPolicy(let repository, _, let policy): LivePolicy(text: policy, kind: .repository, repository: repository)
        case .registryPolicy(let policy): LivePolicy(text: policy, kind: .registry, repository: nil)
        case .replication: nil
        }
    }
}

extension PlannedChange {
    /// The change's name in `plan --output json`.
    var kind: String {
        switch self {
        case .createRepository: "createRepository"
        case .setScanOnPush: "setScanOnPush"
        case .setTagMutability: "setTagMutability"
        case .setRepositoryPolicy: "setRepositoryPolicy"
        case .setRegistryPolicyScope: "setRegistryPolicyScope"
        case .putRegistryPolicy: "putRegistryPolicy"
        case .createPullThroughCacheRule: "createPullThroughCacheRule"
        case .putReplication: "putReplicationConfiguration"
        }
    }

    /// What the change acts on, in the registry: `repository/NAME`, `registry-policy`, ...
    var target: String {
        switch self {
        case .createRepository(let repository): "repository/\(repository.name)"
        case .setScanOnPush(let repository, _, _), .setTagMutability(let repository, _, _), .setRepositoryPolicy(let repository, _, _):
            "repository/\(repository)"
        case .setRegistryPolicyScope: "account-setting/REGISTRY_POLICY_SCOPE"
        case .putRegistryPolicy: "registry-policy"
        case .createPullThroughCacheRule(let prefix, _, _): "pull-through-cache-rule/\(prefix)"
        case .putReplication: "replication-configuration"
        }
    }

    /// The manifest's policy file this change sends (its findings belong to the change).
    var policyFile: String? {
        switch self {
        case .setRepositoryPolicy(_, _, let desired), .putRegistryPolicy(_, let desired): desired.path
        default: nil
        }
    }

    /// The live value a change replaces and the manifest's value, as JSON.
    struct Values {
        /// null when there is nothing live (a repository or policy to create).
        var before: JSONValue
        var after: JSONValue
    }

    /// Policies as parsed JSON (their text when unparseable), settings as their values.
    var values: Values {
        func policy(_ text: String?) -> JSONValue {
            guard let text else { return .null }
            return (try? JSONValue.parse(text)) ?? .string(text)
        }
        switch self {
        case .createRepository(let repository):
            return Values(before: .null, after: .object([
                ("repositoryName", .string(repository.name)), ("scanOnPush", .bool(repository.scanOnPush)),
                ("imageTagMutability", .string(repository.tagMutability)), ("encryptionType", .string(repository.encryptionType)),
            ]))
        case .setScanOnPush(_, let from, let to):
            return Values(before: .bool(from), after: .bool(to))
        case .setTagMutability(_, let from, let to), .setRegistryPolicyScope(let from, let to):
            return Values(before: .string(from), after: .string(to))
        case .setRepositoryPolicy(_, let live, let desired), .putRegistryPolicy(let live, let desired):
            return Values(before: policy(live), after: policy(desired.text))
        case .createPullThroughCacheRule(let prefix, let upstream, let credentialArn):
            return Values(before: .null, after: .object([("ecrRepositoryPrefix", .string(prefix)), ("upstreamRegistryUrl", .string(upstream))]
                                                        + (credentialArn.map { [("credentialArn", JSONValue.string($0))] } ?? [])))
        case .putReplication(let live, let desired):
            return Values(before: live?.jsonValue() ?? .null, after: desired.jsonValue())
        }
    }
}

/// Where a live replication rule sends images: an account and a Region ("?" where the answer left
/// one out, so the item is still reported).
struct ReplicationTarget: Equatable {
    var registryId: String
    var region: String

    init(_ destination: ECR.ReplicationDestination) {
        registryId = destination.registryId ?? "?"
        region = destination.region ?? "?"
    }
}
