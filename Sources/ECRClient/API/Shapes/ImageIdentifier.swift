public struct ImageIdentifier: Codable, Sendable, Equatable, Hashable {
    public var imageDigest: String?
    public var imageTag: String?
    public init(imageDigest: String? = nil, imageTag: String? = nil) {
        self.imageDigest = imageDigest
        self.imageTag = imageTag
    }
}
