import Foundation

public struct Repository: Codable, Sendable, Equatable {
    public var repositoryArn: String?
    public var registryId: String?
    public var repositoryName: String
    public var repositoryUri: String?
    public var createdAt: Date?
    public var imageTagMutability: String?
    public var imageScanningConfiguration: ImageScanningConfiguration?
    public var encryptionConfiguration: EncryptionConfiguration?
}
