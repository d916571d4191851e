public struct GetLifecyclePolicy: ECROperation {
    public static let operationName = "GetLifecyclePolicy"
    public typealias Response = LifecyclePolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}
