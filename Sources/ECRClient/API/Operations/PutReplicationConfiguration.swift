public struct PutReplicationConfiguration: ECROperation {
    public static let operationName = "PutReplicationConfiguration"
    public var replicationConfiguration: ReplicationConfiguration
    public init(_ replicationConfiguration: ReplicationConfiguration) { self.replicationConfiguration = replicationConfiguration }
    public struct Response: Decodable, Sendable { public var replicationConfiguration: ReplicationConfiguration? }
}
