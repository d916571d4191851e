public struct ReplicationRule: Codable, Sendable, Equatable {
    public var destinations: [ReplicationDestination]
    public var repositoryFilters: [RepositoryFilter]?
    public init(destinations: [ReplicationDestination], repositoryFilters: [RepositoryFilter]? = nil) {
        self.destinations = destinations
        self.repositoryFilters = repositoryFilters
    }
}
