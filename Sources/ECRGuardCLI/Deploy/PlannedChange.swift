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
    case putReplication(live: ECRClient.ReplicationConfiguration?, desired: ECRClient.ReplicationConfiguration)

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
            "\(live == nil || live?.rules.isEmpty == true ? "+" : "~") replication configuration"
        }
    }

    /// The diff lines under the summary (live `-`, desired `+`), for policy and replication changes.
    var diff: [String] {
        switch self {
        case .setRepositoryPolicy(_, let live, let desired), .putRegistryPolicy(let live, let desired):
            return TextDiff.lines(from: PolicyText.pretty(live ?? ""), to: PolicyText.pretty(desired.text))
        case .putReplication(let live, let desired):
            let before = live.flatMap { try? JSONValue.encode($0).pretty } ?? ""
            let after = (try? JSONValue.encode(desired).pretty) ?? ""
            return TextDiff.lines(from: PolicyText.pretty(before), to: PolicyText.pretty(after))
        default:
            return []
        }
    }
}
