public struct DescribeRepositories: PagedECROperation {
    public static let operationName = "DescribeRepositories"
    public var registryId: String?
    public var repositoryNames: [String]?
    public var nextToken: String?
    public var maxResults: Int?

    public init(registryId: String? = nil, repositoryNames: [String]? = nil, nextToken: String? = nil, maxResults: Int? = nil) {
        self.registryId = registryId
        self.repositoryNames = repositoryNames
        self.nextToken = nextToken
        self.maxResults = maxResults
    }

    public struct Response: Decodable, Sendable, PagedResponse {
        public var repositories: [Repository]?
        public var nextToken: String?
        public var items: [Repository] { repositories ?? [] }
    }
}
