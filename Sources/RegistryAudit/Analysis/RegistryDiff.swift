import PolicyCore

/// What changes between two audited registries (a pull request's base and head): the access-matrix
/// cells that become allowed or stop being allowed, the replication routes that appear, disappear or
/// change status, and the findings that appear or disappear. Pure.
///
/// Cells are matched by principal (its ARN; its name when two principals of one side share an ARN),
/// repository (account, Region, name) and capability. A cell whose principal or repository exists on
/// one side only is not allowed on the other. Findings are matched by `FindingFingerprint` with their
/// files as the sides name them: load both sides with paths relative to the same root (the
/// repository's), so that an unchanged finding has the same fingerprint on both.
public struct RegistryDiff: Sendable {
    public enum Change: String, Sendable, Hashable, Codable {
        case added, removed, changed
    }

    /// One access-matrix cell whose answer differs: `added` when head allows what base did not.
    public struct CellChange: Sendable {
        public var change: Change
        /// The principal's manifest name on the side that allows the cell (head for added cells).
        public var principal: String
        public var principalARN: String
        public var account: String
        public var region: String
        public var repository: String
        public var capability: Capability
        /// Indices into each side's matrix; nil where the principal or repository is not on that side.
        public var base: CellIndex?
        public var head: CellIndex?

        /// `account/region/repository`.
        public var repositoryKey: String { "\(account)/\(region)/\(repository)" }
    }

    public struct CellIndex: Sendable, Hashable {
        public var principal: Int
        public var repository: Int
    }

    /// A replication route that exists on one side only or whose status differs.
    public struct RouteChange: Sendable {
        public var change: Change
        public var base: ReplicationRoute?
        public var head: ReplicationRoute?

        /// The route as head has it, else as base had it.
        public var route: ReplicationRoute { (head ?? base)! }

        /// Whether head sends images to another account where base did not (new access to the images).
        public var grantsNewAccess: Bool {
            guard let head, head.crossAccount, head.status == .arrives else { return false }
            return base?.status != .arrives
        }
    }

    /// A finding present on one side only.
    public struct FindingChange: Sendable {
        public var change: Change
        public var finding: Finding
        public var fingerprint: String
    }

    public let base: RegistryAuditResult
    public let head: RegistryAuditResult
    public private(set) var cells: [CellChange] = []
    public private(set) var routes: [RouteChange] = []
    public private(set) var findings: [FindingChange] = []

    /// Cells head allows that base did not.
    public var addedAccess: [CellChange] { cells.filter { $0.change == .added } }
    public var removedAccess: [CellChange] { cells.filter { $0.change == .removed } }

    /// Whether head grants anything base did not: a matrix cell, or cross-account replication that now arrives.
    public var grantsNewAccess: Bool { cells.contains { $0.change == .added } || routes.contains(where: \.grantsNewAccess) }

    public init(base: RegistryAuditResult, head: RegistryAuditResult) {
        self.base = base
        self.head = head
        cells = Self.cellChanges(base: base, head: head)
        routes = Self.routeChanges(base: base.replication, head: head.replication)
        findings = Self.findingChanges(base: base.findings, head: head.findings)
    }

    /// The decision of a changed cell on one side; nil where the principal or repository is not on it.
    public func decision(_ cell: CellChange, onHead: Bool) -> CapabilityDecision? {
        guard let index = onHead ? cell.head : cell.base else { return nil }
        return (onHead ? head : base).model.explain(principal: index.principal, repository: index.repository, capability: cell.capability)
    }

    // MARK: matrix

    /// How a principal is matched across sides: its ARN, or `ARN#name` when the side has two
    /// principals with that ARN.
    static func principalKeys(_ manifest: Manifest, names: [String]) -> [String] {
        var count: [String: Int] = [:]
        let arns = names.map { manifest.principal(named: $0)?.identity ?? $0 }
        for arn in arns { count[arn, default: 0] += 1 }
        return zip(arns, names).map { arn, name in count[arn]! > 1 ? "\(arn)#\(name)" : arn }
    }

    static func repositoryKeys(_ model: RegistryModel) -> [String] {
        model.repositories.map { "\($0.registry.account)/\($0.registry.region)/\($0.repository.name)" }
    }

    static func cellChanges(base: RegistryAuditResult, head: RegistryAuditResult) -> [CellChange] {
        let basePrincipals = principalKeys(base.model.input.manifest, names: base.matrix.principals)
        let headPrincipals = principalKeys(head.model.input.manifest, names: head.matrix.principals)
        let baseRepositories = repositoryKeys(base.model), headRepositories = repositoryKeys(head.model)
        let basePrincipalIndex = Dictionary(basePrincipals.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let baseRepositoryIndex = Dictionary(baseRepositories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let headRepositoryIndex = Dictionary(headRepositories.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // Repositories and principals in head order, then those only base has.
        var repositories: [(base: Int?, head: Int?)] = []
        for (index, key) in headRepositories.enumerated() { repositories.append((baseRepositoryIndex[key], index)) }
        for (index, key) in baseRepositories.enumerated() where headRepositoryIndex[key] == nil { repositories.append((index, nil)) }
        var principals: [(base: Int?, head: Int?)] = []
        for (index, key) in headPrincipals.enumerated() { principals.append((basePrincipalIndex[key], index)) }
        let headPrincipalSet = Set(headPrincipals)
        for (index, key) in basePrincipals.enumerated() where !headPrincipalSet.contains(key) { principals.append((index, nil)) }
        let capabilities = head.matrix.capabilities.filter { base.matrix.capabilities.contains($0) }

        var changes: [CellChange] = []
        for principal in principals {
            for repository in repositories {
                for capability in capabilities {
                    let before = principal.base.flatMap { p in repository.base.flatMap { base.matrix.isAllowed(principal: p, repository: $0, capability: capability) } } ?? false
                    let after = principal.head.flatMap { p in repository.head.flatMap { head.matrix.isAllowed(principal: p, repository: $0, capability: capability) } } ?? false
                    guard before != after else { continue }
                    let side = after ? head : base
                    let p = (after ? principal.head : principal.base)!, r = (after ? repository.head : repository.base)!
                    let audited = side.model.repositories[r]
                    let name = side.matrix.principals[p]
                    changes.append(CellChange(
                        change: after ? .added : .removed, principal: name,
                        principalARN: side.model.input.manifest.principal(named: name)?.identity ?? name,
                        account: audited.registry.account, region: audited.registry.region, repository: audited.repository.name,
                        capability: capability,
                        base: principal.base.flatMap { p in repository.base.map { CellIndex(principal: p, repository: $0) } },
                        head: principal.head.flatMap { p in repository.head.map { CellIndex(principal: p, repository: $0) } }))
                }
            }
        }
        return changes
    }

    // MARK: replication

    static func routeKey(_ route: ReplicationRoute) -> String {
        "\(route.source.account)/\(route.source.region)/\(route.repository.name) -> \(route.destination.label)"
    }

    static func routeChanges(base: [ReplicationRoute], head: [ReplicationRoute]) -> [RouteChange] {
        let before = Dictionary(base.map { (routeKey($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(head.map { (routeKey($0), $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [RouteChange] = []
        for route in head {
            if let old = before[routeKey(route)] {
                if old.status != route.status { changes.append(RouteChange(change: .changed, base: old, head: route)) }
            } else {
                changes.append(RouteChange(change: .added, base: nil, head: route))
            }
        }
        for route in base where after[routeKey(route)] == nil {
            changes.append(RouteChange(change: .removed, base: route, head: nil))
        }
        return changes
    }

    // MARK: findings

    static func findingChanges(base: [Finding], head: [Finding]) -> [FindingChange] {
        let baseFingerprints = FindingFingerprint.assign(base, file: \.file)
        let headFingerprints = FindingFingerprint.assign(head, file: \.file)
        let before = Set(baseFingerprints), after = Set(headFingerprints)
        var changes: [FindingChange] = []
        for (finding, fingerprint) in zip(head, headFingerprints) where !before.contains(fingerprint) {
            changes.append(FindingChange(change: .added, finding: finding, fingerprint: fingerprint))
        }
        for (finding, fingerprint) in zip(base, baseFingerprints) where !after.contains(fingerprint) {
            changes.append(FindingChange(change: .removed, finding: finding, fingerprint: fingerprint))
        }
        return changes
    }
}
