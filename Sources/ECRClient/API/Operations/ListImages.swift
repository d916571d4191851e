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
