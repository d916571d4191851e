import Foundation

public struct LifecyclePolicyResponse: Decodable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var lifecyclePolicyText: String?
    public var lastEvaluatedAt: Date?
}

public struct GetLifecyclePolicy: ECROperation {
    public static let operationName = "GetLifecyclePolicy"
    public typealias Response = LifecyclePolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}

public struct PutLifecyclePolicy: ECROperation {
    public static let operationName = "PutLifecyclePolicy"
    public typealias Response = LifecyclePolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public var lifecyclePolicyText: String
    public init(repositoryName: String, lifecyclePolicyText: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.lifecyclePolicyText = lifecyclePolicyText
        self.registryId = registryId
    }
}

public struct DeleteLifecyclePolicy: ECROperation {
    public static let operationName = "DeleteLifecyclePolicy"
    public typealias Response = LifecyclePolicyResponse
    public var registryId: String?
    public var repositoryName: String
    public init(repositoryName: String, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.registryId = registryId
    }
}
