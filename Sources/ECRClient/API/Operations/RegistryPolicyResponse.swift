public struct RegistryPolicyResponse: Decodable, Sendable, Equatable {
    public var registryId: String?
    public var policyText: String?
}
