public struct BatchGetImage: ECROperation {
    public static let operationName = "BatchGetImage"
    public var registryId: String?
    public var repositoryName: String
    public var imageIds: [ImageIdentifier]
    public var acceptedMediaTypes: [String]?

    public init(repositoryName: String, imageIds: [ImageIdentifier], registryId: String? = nil, acceptedMediaTypes: [String]? = nil) {
        self.repositoryName = repositoryName
        self.imageIds = imageIds
        self.registryId = registryId
        self.acceptedMediaTypes = acceptedMediaTypes
    }

    public struct Response: Decodable, Sendable {
        public var images: [Image]?
        public var failures: [ImageFailure]?
    }
}
