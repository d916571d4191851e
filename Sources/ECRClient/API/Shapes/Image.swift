public struct Image: Codable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var imageId: ImageIdentifier?
    public var imageManifest: String?
    public var imageManifestMediaType: String?
}
