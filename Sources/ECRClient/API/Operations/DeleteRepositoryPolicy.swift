public struct DeleteRepositoryPolicy: ECROperation {
    public static let operationName = "DeleteRepositoryPolicy"
    public typealias Response = RepositoryPolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}
