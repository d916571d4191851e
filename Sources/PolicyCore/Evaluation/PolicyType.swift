/// The policy types of IAM's evaluation logic, as `blockedBy` names them.
public enum PolicyType: String, Sendable, CaseIterable, Codable, Hashable {
    case scp, rcp, identity, resource, boundary, session, endpoint
}

/// The outcome of one evaluation.
public enum DecisionOutcome: String, Sendable, Codable, Hashable {
    case allowed, implicitDeny, explicitDeny
}

/// Whether an ECR registry permission policy applies only to the registry-level replication and
/// pull-through actions (V1) or to every ECR request in the registry (V2, the default).
public enum RegistryPolicyScope: String, Sendable, Codable, Hashable, CaseIterable {
    case v1 = "V1"
    case v2 = "V2"

    /// The actions a V1 registry policy enforces, as AWS documents them (for messages).
    public static let v1ActionNames = ["ecr:ReplicateImage", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]
    /// The actions a V1 registry policy enforces (lower-cased).
    public static let v1Actions = Set(v1ActionNames.map { $0.lowercased() })
}
