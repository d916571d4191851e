import Foundation

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

public struct DescribeRepositories: PagedECROperation {
    public static let operationName = "DescribeRepositories"
    public var registryId: String?
    public var repositoryNames: [String]?
    public var nextToken: String?
    public var maxResults: Int?

    public init(registryId: String? = nil, repositoryNames: [String]? = nil, nextToken: String? = nil, maxResults: Int? = nil) {
        self.registryId = registryId
        self.repositoryNames = repositoryNames
        self.nextToken = nextToken
        self.maxResults = maxResults
    }

    public struct Response: Decodable, Sendable, PagedResponse {
        public var repositories: [Repository]?
        public var nextToken: String?
        public var items: [Repository] { repositories ?? [] }
    }
}

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

public struct PutImageScanningConfiguration: ECROperation {
    public static let operationName = "PutImageScanningConfiguration"
    public var registryId: String?
    public var repositoryName: String
    public var imageScanningConfiguration: ImageScanningConfiguration

    public init(repositoryName: String, scanOnPush: Bool, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageScanningConfiguration = ImageScanningConfiguration(scanOnPush: scanOnPush)
        self.registryId = registryId
    }

    public struct Response: Decodable, Sendable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageScanningConfiguration: ImageScanningConfiguration?
    }
}

public struct PutImageTagMutability: ECROperation {
    public static let operationName = "PutImageTagMutability"
    public var registryId: String?
    public var repositoryName: String
    /// `MUTABLE` or `IMMUTABLE`.
    public var imageTagMutability: String

    public init(repositoryName: String, imageTagMutability: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageTagMutability = imageTagMutability
        self.registryId = registryId
    }

    public struct Response: Decodable, Sendable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageTagMutability: String?
    }
}
