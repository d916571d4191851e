public struct GetAuthorizationToken: ECROperation {
    public static let operationName = "GetAuthorizationToken"
    public var registryIds: [String]?
    public init(registryIds: [String]? = nil) { self.registryIds = registryIds }

    public struct Response: Decodable, Sendable { public var authorizationData: [AuthorizationData]? }
}
