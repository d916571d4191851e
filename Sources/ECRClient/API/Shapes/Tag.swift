public struct Tag: Codable, Sendable, Equatable {
    public var Key: String
    public var Value: String
    public init(key: String, value: String) {
        Key = key
        Value = value
    }
}
