public struct DescribeRegistry: ECROperation {
    public static let operationName = "DescribeRegistry"
    public init() {}
    public struct Response: Decodable, Sendable {
        public var registryId: String?
        public var replicationConfiguration: ReplicationConfiguration?
    }
}
