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
