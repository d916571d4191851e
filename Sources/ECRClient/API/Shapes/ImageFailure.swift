public struct ImageFailure: Codable, Sendable, Equatable {
    public var imageId: ImageIdentifier?
    public var failureCode: String?
    public var failureReason: String?
}
