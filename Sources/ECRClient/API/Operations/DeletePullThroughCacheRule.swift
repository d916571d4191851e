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
