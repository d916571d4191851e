public struct ReplicationDestination: Codable, Sendable, Equatable {
    public var region: String
    public var registryId: String
    public init(region: String, registryId: String) {
        self.region = region
        self.registryId = registryId
    }
}
