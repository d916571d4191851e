import Foundation

public struct ImageIdentifier: Codable, Sendable, Equatable, Hashable {
    public var imageDigest: String?
    public var imageTag: String?
    public init(imageDigest: String? = nil, imageTag: String? = nil) {
        self.imageDigest = imageDigest
        self.imageTag = imageTag
    }
}

public struct ImageDetail: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageDigest: String?
    public var imageTags: [String]?
    public var imageSizeInBytes: Int64?
    public var imagePushedAt: Date?
    public var imageManifestMediaType: String?
}

public struct Image: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageId: ImageIdentifier?
    public var imageManifest: String?
    public var imageManifestMediaType: String?
}

public struct ImageFailure: Codable, Sendable, Equatable {
    public var imageId: ImageIdentifier?
    public var failureCode: String?
    public var failureReason: String?
}
