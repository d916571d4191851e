public struct RepositoryFilter: Codable, Sendable, Equatable {
    public var filter: String
    /// Only `PREFIX_MATCH` exists today.
    public var filterType: String
    public init(filter: String, filterType: String = "PREFIX_MATCH") {
        self.filter = filter
        self.filterType = filterType
    }
}
