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
