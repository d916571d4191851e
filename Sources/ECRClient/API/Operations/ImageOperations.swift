public struct ListImages: PagedECROperation {
    public static let operationName = "ListImages"
    public var registryId: String?
    public var repositoryName: String
    public var nextToken: String?
    public var maxResults: Int?
    public var filter: TagStatusFilter?

    public init(repositoryName: String, registryId: String? = nil, maxResults: Int? = nil, tagStatus: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.maxResults = maxResults
        self.filter = tagStatus.map(TagStatusFilter.init(tagStatus:))
    }

    public struct Response: Decodable, Sendable, PagedResponse {
        public var imageIds: [ImageIdentifier]?
        public var nextToken: String?
        public var items: [ImageIdentifier] { imageIds ?? [] }
    }
}

/// `TAGGED`, `UNTAGGED` or `ANY`.
public struct TagStatusFilter: Codable, Sendable, Equatable {
    public var tagStatus: String
}

public struct DescribeImages: PagedECROperation {
    public static let operationName = "DescribeImages"
    public var registryId: String?
    public var repositoryName: String
    public var imageIds: [ImageIdentifier]?
    public var nextToken: String?
    public var maxResults: Int?
    public var filter: TagStatusFilter?

    public init(repositoryName: String, registryId: String? = nil, imageIds: [ImageIdentifier]? = nil, maxResults: Int? = nil, tagStatus: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.imageIds = imageIds
        self.maxResults = maxResults
        self.filter = tagStatus.map(TagStatusFilter.init(tagStatus:))
    }

    public struct Response: Decodable, Sendable, PagedResponse {
        public var imageDetails: [ImageDetail]?
        public var nextToken: String?
        public var items: [ImageDetail] { imageDetails ?? [] }
    }
}

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
