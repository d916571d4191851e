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

public struct UntagResource: ECROperation {
    public static let operationName = "UntagResource"
    public typealias Response = EmptyResponse
    public var resourceArn: String
    public var tagKeys: [String]
    public init(resourceArn: String, tagKeys: [String]) {
        self.resourceArn = resourceArn
        self.tagKeys = tagKeys
    }
}

public struct ListTagsForResource: ECROperation {
    public static let operationName = "ListTagsForResource"
    public var resourceArn: String
    public init(resourceArn: String) { self.resourceArn = resourceArn }
    public struct Response: Decodable, Sendable { public var tags: [Tag]? }
}
