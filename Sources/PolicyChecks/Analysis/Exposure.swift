import PolicyCore

/// Turns a set of granted repository actions into what a reviewer reads: the capabilities they add
/// up to, the other actions, and how bad that is.
struct Exposure {
    var actions: [String]

    /// Each capability (in `Capability.allCases` order) with its required repository actions and
    /// all its actions, lower-cased: read from the catalog once, not for every exposure.
    private static let capabilityActions: [(capability: Capability, required: [String], all: Set<String>)] =
        Capability.allCases.map { c in
            (c, c.steps.filter { $0.required && $0.onRepository }.map { $0.action.lowercased() }, Set(c.steps.map { $0.action.lowercased() }))
        }

    /// What the properties below read of one action: computed once for each repository action (every
    /// action a probe grants is one), else from the catalog when asked.
    private struct Traits {
        var lowercased: String
        var isWrite: Bool
        /// A write that is not one of `lowImpactWrites`.
        var isImpactfulWrite: Bool
        var isV1RegistryAction: Bool
        var isPull: Bool
        /// The action's bit (`bit(ofLowercased:)`); 0 when it has none.
        var bit: UInt64

        init(_ action: String) {
            lowercased = action.lowercased()
            bit = Exposure.bit(ofLowercased: lowercased)
            isWrite = ActionFacts.isWrite(action)
            isImpactfulWrite = isWrite && !Exposure.lowImpactWrites.contains(lowercased)
            isV1RegistryAction = RegistryPolicyScope.v1Actions.contains(lowercased)
            isPull = Exposure.pullActions.contains(lowercased)
        }
    }

    private static let repositoryActionTraits: [String: Traits] =
        Dictionary(AccessProbe.repositoryActions.map { ($0, Traits($0)) }, uniquingKeysWith: { first, _ in first })

    private static func traits(_ action: String) -> Traits { repositoryActionTraits[action] ?? Traits(action) }

    /// A bit for each of the first 64 repository actions (lower-cased), so sets of them are words.
    private static let repositoryActionBits: [String: UInt64] = Dictionary(
        AccessProbe.repositoryActions.prefix(64).enumerated().map { ($1.lowercased(), UInt64(1) << UInt64($0)) },
        uniquingKeysWith: { first, _ in first })

    private static func bit(ofLowercased action: String) -> UInt64 { repositoryActionBits[action] ?? 0 }

    /// `capabilityActions` as bits: the required actions (nil when one has no bit: then no set of
    /// actions that all have bits holds them all) and every action with a bit.
    private static let capabilityBits: [(required: UInt64?, all: UInt64)] = capabilityActions.map { entry in
        let required = entry.required.map(bit(ofLowercased:))
        return (required.contains(0) ? nil : required.reduce(0, |), entry.all.reduce(0) { $0 | bit(ofLowercased: $1) })
    }

    /// The actions' bits, or nil when one of them has none (then the sets of names are compared).
    private var bits: [UInt64]? {
        let bits = actions.map { Self.traits($0).bit }
        return bits.contains(0) ? nil : bits
    }

    /// Capabilities whose every required repository action is granted.
    var capabilities: [Capability] { capabilities(bits: bits) }

    /// `capabilities`, given `bits`.
    private func capabilities(bits: [UInt64]?) -> [Capability] {
        if let bits {
            let granted = bits.reduce(0, |)
            return Self.capabilityActions.indices.filter { i in
                guard !Self.capabilityActions[i].required.isEmpty, let required = Self.capabilityBits[i].required else { return false }
                return granted & required == required
            }.map { Self.capabilityActions[$0].capability }
        }
        let granted = Set(actions.map { Self.traits($0).lowercased })
        return Self.capabilityActions.filter { !$0.required.isEmpty && $0.required.allSatisfy(granted.contains) }.map(\.capability)
    }

    /// Granted actions that no listed capability accounts for.
    var otherActions: [String] { otherActions(besides: capabilities) }

    /// Granted actions that none of `capabilities` accounts for.
    private func otherActions(besides capabilities: [Capability]) -> [String] { otherActions(besides: capabilities, bits: bits) }

    /// `otherActions(besides:)`, given `bits`.
    private func otherActions(besides capabilities: [Capability], bits: [UInt64]?) -> [String] {
        if let bits {
            var covered: UInt64 = 0
            for (i, entry) in Self.capabilityActions.enumerated() where capabilities.contains(entry.capability) { covered |= Self.capabilityBits[i].all }
            return zip(actions, bits).filter { $0.1 & covered == 0 }.map(\.0)
        }
        let covered = Self.actions(of: capabilities)
        return actions.filter { !covered.contains(Self.traits($0).lowercased) }
    }

    /// Every action (lower-cased) of the capabilities.
    private static func actions(of capabilities: [Capability]) -> Set<String> {
        var covered = Set<String>()
        for entry in capabilityActions where capabilities.contains(entry.capability) { covered.formUnion(entry.all) }
        return covered
    }

    static let pullActions: Set<String> = ["ecr:batchgetimage", "ecr:getdownloadurlforlayer"]
    static let lowImpactWrites: Set<String> = ["ecr:tagresource", "ecr:untagresource", "ecr:startimagescan",
                                                "ecr:startlifecyclepolicypreview", "ecr:putimagescanningconfiguration"]

    /// Actions that change images, repositories or who can reach them.
    var writeActions: [String] {
        actions.filter { Self.traits($0).isImpactfulWrite }
    }

    /// Writes that change what is in a repository or who controls it: push, delete, policy and
    /// lifecycle management. Replication and pull-through import (the registry policy's purpose)
    /// are not among them.
    var overbroadWrites: [String] {
        actions.filter { let t = Self.traits($0); return t.isImpactfulWrite && !t.isV1RegistryAction }
    }

    /// Policy management, push, delete and the other writes: critical. Pulling images or minor
    /// writes: high. Reading metadata only: medium.
    var severity: Severity {
        if !writeActions.isEmpty { return .critical }
        if actions.contains(where: { let t = Self.traits($0); return t.isPull || t.isWrite }) { return .high }
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
        // The actions' bits looked up once for both questions.
        let bits = bits
        let capabilities = capabilities(bits: bits)
        var parts = capabilities.map(Self.phrase)
        let others = otherActions(besides: capabilities, bits: bits)
        if !others.isEmpty { parts.append("call " + Self.list(others, limit: 5)) }
        return Self.join(parts)
    }

    /// Like `summary`, limited to the writes that make access overbroad (push, delete, policy management, ...).
    var writeSummary: String {
        let overbroad = overbroadWrites
        let writes = Set(overbroad.map { Self.traits($0).lowercased })
        let granted = capabilities
        let caps = Self.capabilityActions.filter { entry in granted.contains(entry.capability) && !entry.all.isDisjoint(with: writes) }
            .map(\.capability)
        let covered = Self.actions(of: caps)
        var parts = caps.map(Self.phrase)
        let others = overbroad.filter { !covered.contains(Self.traits($0).lowercased) }
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
