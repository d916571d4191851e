public struct BatchDeleteImage: ECROperation {
    public static let operationName = "BatchDeleteImage"
    public var registryId: String?
    public var repositoryName: String
    public var imageIds: [ImageIdentifier]

    public init(repositoryName: String, imageIds: [ImageIdentifier], registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageIds = imageIds
        self.registryId = registryId
    }

    public struct Response: Decodable, Sendable {
        public var imageIds: [ImageIdentifier]?
        public var failures: [ImageFailure]?
    }
}
