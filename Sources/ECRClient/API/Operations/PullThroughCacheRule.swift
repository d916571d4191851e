import Foundation

public struct PullThroughCacheRule: Codable, Sendable, Equatable {
    public var ecrRepositoryPrefix: String?
    public var upstreamRegistryUrl: String?
    public var createdAt: Date?
    public var registryId: String?
    public var credentialArn: String?
    public var upstreamRegistry: String?
}
