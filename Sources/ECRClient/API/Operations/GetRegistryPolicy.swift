public struct GetRegistryPolicy: ECROperation {
    public static let operationName = "GetRegistryPolicy"
    public typealias Response = RegistryPolicyResponse
    public init() {}
}
