/// Repository and registry permission policies.
public struct RepositoryPolicyResponse: Decodable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var policyText: String?
}
