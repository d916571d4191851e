import PolicyCore

/// Turns a set of granted repository actions into what a reviewer reads: the capabilities they add
/// up to, the other actions, and how bad that is.
struct Exposure {
    var actions: [String]

    /// Capabilities whose every required repository action is granted.
    var capabilities: [Capability] {
        let granted = Set(actions.map { $0.lowercased() })
        return Capability.allCases.filter { c in
            let steps = c.steps.filter { $0.required && $0.onRepository }
            return !steps.isEmpty && steps.allSatisfy { granted.contains($0.action.lowercased()) }
        }
    }

    /// Granted actions that no listed capability accounts for.
    var otherActions: [String] {
        let covered = Set(capabilities.flatMap { $0.steps.map { $0.action.lowercased() } })
        return actions.filter { !covered.contains($0.lowercased()) }
    }

    static let pullActions: Set<String> = ["ecr:batchgetimage", "ecr:getdownloadurlforlayer"]
    static let lowImpactWrites: Set<String> = ["ecr:tagresource", "ecr:untagresource", "ecr:startimagescan",
                                                "ecr:startlifecyclepolicypreview", "ecr:putimagescanningconfiguration"]

    /// Actions that change images, repositories or who can reach them.
    var writeActions: [String] {
        actions.filter { ActionFacts.isWrite($0) && !Self.lowImpactWrites.contains($0.lowercased()) }
    }

    /// Writes that change what is in a repository or who controls it: push, delete, policy and
    /// lifecycle management. Replication and pull-through import (the registry policy's purpose)
    /// are not among them.
    var overbroadWrites: [String] {
        writeActions.filter { !RegistryPolicyScope.v1Actions.contains($0.lowercased()) }
    }

    /// Policy management, push, delete and the other writes: critical. Pulling images or minor
    /// writes: high. Reading metadata only: medium.
    var severity: Severity {
        if !writeActions.isEmpty { return .critical }
        if actions.contains(where: { Self.pullActions.contains($0.lowercased()) || ActionFacts.isWrite($0) }) { return .high }
        return .medium
    }

    /// What a capability lets a caller do, as a verb phrase.
    static func phrase(_ capability: Capability) -> String {
        switch capability {
        case .pull: "pull images"
        case .push: "push images"
        case .replicate: "replicate images into the registry"
        case .configureReplication: "configure replication"
        case .pullThroughCacheImport: "import images through a pull-through cache"
        case .managePolicy: "replace or delete the repository policy"
        case .delete: "delete images and the repository"
        }
    }

    /// "replace or delete the repository policy, push images and call ecr:DescribeImages".
    var summary: String {
        var parts = capabilities.map(Self.phrase)
        let others = otherActions
        if !others.isEmpty { parts.append("call " + Self.list(others, limit: 5)) }
        return Self.join(parts)
    }

    /// Like `summary`, limited to the writes that make access overbroad (push, delete, policy management, ...).
    var writeSummary: String {
        let writes = Set(overbroadWrites.map { $0.lowercased() })
        let caps = capabilities.filter { c in c.steps.contains { writes.contains($0.action.lowercased()) } }
        let covered = Set(caps.flatMap { $0.steps.map { $0.action.lowercased() } })
        var parts = caps.map(Self.phrase)
        let others = overbroadWrites.filter { !covered.contains($0.lowercased()) }
        if !others.isEmpty { parts.append("call " + Self.list(others, limit: 5)) }
        return Self.join(parts)
    }

    static func join(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    static func list(_ items: [String], limit: Int) -> String {
        items.count <= limit ? join(items) : items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }

    /// How a probe context reads in a message: `aws:PrincipalTag/team = "platform"`.
    static func describe(_ context: [String: ContextValue]) -> String {
        join(context.keys.sorted().map { "\($0) = \"\(context[$0]!)\"" })
    }
}
