public struct SetRepositoryPolicy: ECROperation {
    public static let operationName = "SetRepositoryPolicy"
    public typealias Response = RepositoryPolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public var policyText: String
    /// ECR's own `force` (skip its lock-out check), not ecrguard's --force.
    public var force: Bool?
    public init(repositoryName: String, policyText: String, registryId: String? = nil, force: Bool? = nil) {
        self.repositoryName = repositoryName
        self.policyText = policyText
        self.registryId = registryId
        self.force = force
    }
}
