/// Where one repository's images are replicated to, and whether they will arrive.
public struct ReplicationEntry: Sendable, Hashable, Codable {
    public var sourceRepository: String
    public var sourceAccount: String?
    public var sourceRegion: String?
    public var destinationAccount: String
    public var destinationRegion: String
    /// Index of the replication rule that sends it, from 0.
    public var ruleIndex: Int?
    /// The rule's repository filters, readable: `PREFIX_MATCH employee-`.
    public var filters: [String]
    public var status: ReplicationStatus
    /// Why it will or will not arrive (e.g. the destination registry policy lacks `ecr:CreateRepository`).
    public var reason: String
    /// Further facts, such as that the replica is governed by the destination's policies.
    public var notes: [String]

    public init(sourceRepository: String, sourceAccount: String? = nil, sourceRegion: String? = nil,
                destinationAccount: String, destinationRegion: String, ruleIndex: Int? = nil, filters: [String] = [],
                status: ReplicationStatus, reason: String, notes: [String] = []) {
        self.sourceRepository = sourceRepository
        self.sourceAccount = sourceAccount
        self.sourceRegion = sourceRegion
        self.destinationAccount = destinationAccount
        self.destinationRegion = destinationRegion
        self.ruleIndex = ruleIndex
        self.filters = filters
        self.status = status
        self.reason = reason
        self.notes = notes
    }

    /// `123456789012/us-west-2`.
    public var destination: String { "\(destinationAccount)/\(destinationRegion)" }
}

public enum ReplicationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The destination accepts the replica.
    case allowed
    /// Replication will fail (silently, as ECR does not report it).
    case failing
    /// Cannot be decided from the inputs (e.g. the destination registry policy is not in the manifest).
    case unknown
}
