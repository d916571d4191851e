import Foundation

public struct LifecyclePolicyResponse: Decodable, Sendable, Equatable {
    public var registryId: String?
    public var repositoryName: String?
    public var lifecyclePolicyText: String?
    public var lastEvaluatedAt: Date?
}
