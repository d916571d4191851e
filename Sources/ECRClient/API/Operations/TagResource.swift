public struct TagResource: ECROperation {
    public static let operationName = "TagResource"
    public typealias Response = EmptyResponse
    public var resourceArn: String
    public var tags: [Tag]
    public init(resourceArn: String, tags: [Tag]) {
        self.resourceArn = resourceArn
        self.tags = tags
    }
}
