public struct PutRegistryPolicy: ECROperation {
    public static let operationName = "PutRegistryPolicy"
    public typealias Response = RegistryPolicyResponse
    public var policyText: String
    public init(policyText: String) { self.policyText = policyText }
}
