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

public struct ImageScanningConfiguration: Codable, Sendable, Equatable {
    public var scanOnPush: Bool
    public init(scanOnPush: Bool) { self.scanOnPush = scanOnPush }
}

public struct EncryptionConfiguration: Codable, Sendable, Equatable {
    /// `AES256`, `KMS` or `KMS_DSSE`.
    public var encryptionType: String
    public var kmsKey: String?
    public init(encryptionType: String, kmsKey: String? = nil) {
        self.encryptionType = encryptionType
        self.kmsKey = kmsKey
    }
}

public struct Tag: Codable, Sendable, Equatable {
    public var Key: String
    public var Value: String
    public init(key: String, value: String) {
        Key = key
        Value = value
    }
}
