public struct GetRepositoryPolicy: ECROperation {
    public static let operationName = "GetRepositoryPolicy"
    public typealias Response = RepositoryPolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}
