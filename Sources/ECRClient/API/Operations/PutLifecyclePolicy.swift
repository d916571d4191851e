public struct PutLifecyclePolicy: ECROperation {
    public static let operationName = "PutLifecyclePolicy"
    public typealias Response = LifecyclePolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public var lifecyclePolicyText: String
    public init(repositoryName: String, lifecyclePolicyText: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.lifecyclePolicyText = lifecyclePolicyText
        self.registryId = registryId
    }
}
