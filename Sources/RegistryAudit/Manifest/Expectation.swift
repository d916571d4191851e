import PolicyCore

/// What the registry owner asserts must (or must not) be possible. Each becomes a pass/fail result.
public enum Expectation: Sendable {
    case access(AccessExpectation)
    case replication(ReplicationExpectation)

    public var location: ManifestLocation {
        switch self {
        case .access(let e): e.location
        case .replication(let e): e.location
        }
    }
}

/// `principal` can (or cannot) use each capability on each repository.
public struct AccessExpectation: Sendable {
    /// A principal's `name` from the manifest.
    public var principal: String
    public var repositories: [RepositoryReference]
    /// Capabilities that must be allowed.
    public var can: [ExpectedCapability]
    /// Capabilities that must be denied.
    public var cannot: [ExpectedCapability]
    public var location: ManifestLocation

    public init(principal: String, repositories: [RepositoryReference], can: [ExpectedCapability], cannot: [ExpectedCapability], location: ManifestLocation) {
        self.principal = principal
        self.repositories = repositories
        self.can = can
        self.cannot = cannot
        self.location = location
    }
}

/// Images pushed to `repository` do (or do not) arrive in the destination registry.
public struct ReplicationExpectation: Sendable {
    public var repository: RepositoryReference
    public var destination: ReplicationDestination
    public var arrives: Bool
    public var location: ManifestLocation

    public init(repository: RepositoryReference, destination: ReplicationDestination, arrives: Bool, location: ManifestLocation) {
        self.repository = repository
        self.destination = destination
        self.arrives = arrives
        self.location = location
    }
}

/// A repository named in an expectation: its name, and the registry's name when the name alone is
/// ambiguous.
public struct RepositoryReference: Sendable, Hashable {
    public var registry: String?
    public var name: String
    public var location: ManifestLocation

    public init(registry: String? = nil, name: String, location: ManifestLocation) {
        self.registry = registry
        self.name = name
        self.location = location
    }
}

/// A capability named in an expectation, with where it was written.
public struct ExpectedCapability: Sendable, Hashable {
    public var capability: Capability
    public var location: ManifestLocation

    public init(_ capability: Capability, location: ManifestLocation) {
        self.capability = capability
        self.location = location
    }
}

extension Capability {
    /// The capabilities evaluated for every principal and repository in the access matrix.
    public static let matrix: [Capability] = [.pull, .push, .delete, .managePolicy]
}
