import Foundation

public struct PullThroughCacheRule: Codable, Sendable, Equatable {
    public var ecrRepositoryPrefix: String?
    public var upstreamRegistryUrl: String?
    public var createdAt: Date?
    public var registryId: String?
    public var credentialArn: String?
    public var upstreamRegistry: String?
}

public struct CreatePullThroughCacheRule: ECROperation {
    public static let operationName = "CreatePullThroughCacheRule"
    public typealias Response = PullThroughCacheRule
    public var ecrRepositoryPrefix: String
    public var upstreamRegistryUrl: String
    public var registryId: String?
    public var upstreamRegistry: String?
    public var credentialArn: String?
    public init(ecrRepositoryPrefix: String, upstreamRegistryUrl: String, registryId: String? = nil, upstreamRegistry: String? = nil, credentialArn: String? = nil) {
        self.ecrRepositoryPrefix = ecrRepositoryPrefix
        self.upstreamRegistryUrl = upstreamRegistryUrl
        self.registryId = registryId
        self.upstreamRegistry = upstreamRegistry
        self.credentialArn = credentialArn
    }
}

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

public struct DeletePullThroughCacheRule: ECROperation {
    public static let operationName = "DeletePullThroughCacheRule"
    public typealias Response = PullThroughCacheRule
    public var ecrRepositoryPrefix: String
    public var registryId: String?
    public init(ecrRepositoryPrefix: String, registryId: String? = nil) {
        self.ecrRepositoryPrefix = ecrRepositoryPrefix
        self.registryId = registryId
    }
}
