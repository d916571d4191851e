public struct ListTagsForResource: ECROperation {
    public static let operationName = "ListTagsForResource"
    public var resourceArn: String
    public init(resourceArn: String) { self.resourceArn = resourceArn }
    public struct Response: Decodable, Sendable { public var tags: [Tag]? }
}
