public struct PutImageTagMutability: ECROperation {
    public static let operationName = "PutImageTagMutability"
    public var registryId: String?
    public var repositoryName: String
    /// `MUTABLE` or `IMMUTABLE`.
    public var imageTagMutability: String

    public init(repositoryName: String, imageTagMutability: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageTagMutability = imageTagMutability
        self.registryId = registryId
    }

    public struct Response: Decodable, Sendable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageTagMutability: String?
    }
}
