import PolicyCore

/// Principals × repositories × capabilities: who can do what. Stored as one bit per cell so large
/// registries fit in memory; `RegistryModel.explain` gives any cell's deciding statements.
public struct AccessMatrix: Sendable {
    public let principals: [String]
    public let repositoryCount: Int
    public let capabilities: [Capability]
    private var allowed: [Bool]
    /// How many groups of alike repositories were evaluated (see `RepositoryClasses`).
    public private(set) var classCount = 0

    init(model: RegistryModel, capabilities: [Capability] = Capability.matrix) {
        principals = model.principalNames
        repositoryCount = model.repositories.count
        self.capabilities = capabilities
        allowed = Array(repeating: false, count: principals.count * repositoryCount * capabilities.count)
        // Evaluate one representative per group of repositories that decide alike, then copy.
        let classes = RepositoryClasses(model: model)
        classCount = classes.representatives.count
        let width = capabilities.count
        var perClass = Array(repeating: false, count: classes.representatives.count * width)
        let steps = capabilities.map(\.requiredSteps)
        for p in principals.indices {
            var cells = RegistryModel.PrincipalCells(principal: p, model: model)
            for (k, r) in classes.representatives.enumerated() {
                for c in 0..<width {
                    perClass[k * width + c] = model.isAllowed(repository: r, steps: steps[c], cells: &cells)
                }
            }
            let row = p * repositoryCount * width
            for r in 0..<repositoryCount {
                let k = classes.classOf[r]
                for c in 0..<width { allowed[row + r * width + c] = perClass[k * width + c] }
            }
        }
    }

    public func isAllowed(principal: Int, repository: Int, capability: Capability) -> Bool? {
        guard let c = capabilities.firstIndex(of: capability) else { return nil }
        return allowed[(principal * repositoryCount + repository) * capabilities.count + c]
    }

    public var cellCount: Int { allowed.count }
    public var allowedCount: Int { allowed.lazy.filter { $0 }.count }

    /// The allowed cells in principal, repository, capability order: (principal, repository, capability).
    public func allowedCells(limit: Int = .max) -> [(principal: Int, repository: Int, capability: Capability)] {
        var cells: [(Int, Int, Capability)] = []
        for p in principals.indices {
            for r in 0..<repositoryCount {
                for (c, capability) in capabilities.enumerated() where allowed[(p * repositoryCount + r) * capabilities.count + c] {
                    if cells.count == limit { return cells }
                    cells.append((p, r, capability))
                }
            }
        }
        return cells
    }
}
