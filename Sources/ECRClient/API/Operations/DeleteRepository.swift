public struct DeleteRepository: ECROperation {
    public static let operationName = "DeleteRepository"
    public var registryId: String?
    public var repositoryName: String
    public var force: Bool?

    public init(repositoryName: String, registryId: String? = nil, force: Bool? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.force = force
    }

    public struct Response: Decodable, Sendable { public var repository: Repository }
}
