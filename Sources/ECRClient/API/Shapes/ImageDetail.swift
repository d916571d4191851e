import Foundation

public struct ImageDetail: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageDigest: String?
    public var imageTags: [String]?
    public var imageSizeInBytes: Int64?
    public var imagePushedAt: Date?
    public var imageManifestMediaType: String?
}
