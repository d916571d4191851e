/// Repository and registry permission policies.
public struct RepositoryPolicyResponse: Decodable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var policyText: String?
}

public struct RegistryPolicyResponse: Decodable, Sendable, Equatable {
    public var registryId: String?
    public var policyText: String?
}

public struct GetRepositoryPolicy: ECROperation {
    public static let operationName = "GetRepositoryPolicy"
    public typealias Response = RepositoryPolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}

public struct SetRepositoryPolicy: ECROperation {
    public static let operationName = "SetRepositoryPolicy"
    public typealias Response = RepositoryPolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public var policyText: String
    /// ECR's own `force` (skip its lock-out check), not ecrguard's --force.
    public var force: Bool?
    public init(repositoryName: String, policyText: String, registryId: String? = nil, force: Bool? = nil) {
        self.repositoryName = repositoryName
        self.policyText = policyText
        self.registryId = registryId
        self.force = force
    }
}

public struct DeleteRepositoryPolicy: ECROperation {
    public static let operationName = "DeleteRepositoryPolicy"
    public typealias Response = RepositoryPolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}

public struct GetRegistryPolicy: ECROperation {
    public static let operationName = "GetRegistryPolicy"
    public typealias Response = RegistryPolicyResponse
    public init() {}
}

public struct PutRegistryPolicy: ECROperation {
    public static let operationName = "PutRegistryPolicy"
    public typealias Response = RegistryPolicyResponse
    public var policyText: String
    public init(policyText: String) { self.policyText = policyText }
}

public struct DeleteRegistryPolicy: ECROperation {
    public static let operationName = "DeleteRegistryPolicy"
    public typealias Response = RegistryPolicyResponse
    public init() {}
}
