/// `{"rules": [{"destinations": [{"region", "registryId"}], "repositoryFilters": [{"filter", "filterType"}]}]}`
public struct ReplicationConfiguration: Codable, Sendable, Equatable {
    public var rules: [ReplicationRule]
    public init(rules: [ReplicationRule]) { self.rules = rules }
}

public struct ReplicationRule: Codable, Sendable, Equatable {
    public var destinations: [ReplicationDestination]
    public var repositoryFilters: [RepositoryFilter]?
    public init(destinations: [ReplicationDestination], repositoryFilters: [RepositoryFilter]? = nil) {
        self.destinations = destinations
        self.repositoryFilters = repositoryFilters
    }
}

public struct ReplicationDestination: Codable, Sendable, Equatable {
    public var region: String
    public var registryId: String
    public init(region: String, registryId: String) {
        self.region = region
        self.registryId = registryId
    }
}

public struct RepositoryFilter: Codable, Sendable, Equatable {
    public var filter: String
    /// Only `PREFIX_MATCH` exists today.
    public var filterType: String
    public init(filter: String, filterType: String = "PREFIX_MATCH") {
        self.filter = filter
        self.filterType = filterType
    }
}
