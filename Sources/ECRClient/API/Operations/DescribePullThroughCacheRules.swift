public struct DescribePullThroughCacheRules: PagedECROperation {
    public static let operationName = "DescribePullThroughCacheRules"
    public var registryId: String?
    public var ecrRepositoryPrefixes: [String]?
    public var nextToken: String?
    public var maxResults: Int?
    public init(registryId: String? = nil, ecrRepositoryPrefixes: [String]? = nil, maxResults: Int? = nil) {
        self.registryId = registryId
        self.ecrRepositoryPrefixes = ecrRepositoryPrefixes
        self.maxResults = maxResults
    }
    public struct Response: Decodable, Sendable, PagedResponse {
        public var pullThroughCacheRules: [PullThroughCacheRule]?
        public var nextToken: String?
        public var items: [PullThroughCacheRule] { pullThroughCacheRules ?? [] }
    }
}
