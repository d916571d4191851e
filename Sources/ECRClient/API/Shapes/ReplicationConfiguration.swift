/// `{"rules": [{"destinations": [{"region", "registryId"}], "repositoryFilters": [{"filter", "filterType"}]}]}`
public struct ReplicationConfiguration: Codable, Sendable, Equatable {
    public var rules: [ReplicationRule]
    public init(rules: [ReplicationRule]) { self.rules = rules }
}
