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
