public struct CreateRepository: ECROperation {
    public static let operationName = "CreateRepository"
    public var registryId: String?
    public var repositoryName: String
    public var tags: [Tag]?
    public var imageTagMutability: String?
    public var imageScanningConfiguration: ImageScanningConfiguration?
    public var encryptionConfiguration: EncryptionConfiguration?

    public init(repositoryName: String, registryId: String? = nil, tags: [Tag]? = nil, imageTagMutability: String? = nil,
                imageScanningConfiguration: ImageScanningConfiguration? = nil, encryptionConfiguration: EncryptionConfiguration? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
        self.tags = tags
        self.imageTagMutability = imageTagMutability
        self.imageScanningConfiguration = imageScanningConfiguration
        self.encryptionConfiguration = encryptionConfiguration
    }

    public struct Response: Decodable, Sendable { public var repository: Repository }
}
