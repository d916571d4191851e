public struct DeleteRegistryPolicy: ECROperation {
    public static let operationName = "DeleteRegistryPolicy"
    public typealias Response = RegistryPolicyResponse
    public init() {}
}
