/// Where a policy document is attached; this decides which elements are valid in it.
public enum PolicyKind: String, CaseIterable, Sendable, Codable {
    /// Attached to an IAM user, group or role (no `Principal`).
    case identity
    /// An ECR repository policy: a resource policy whose resource is the repository (needs `Principal`).
    case repository
    /// An ECR registry permission policy (needs `Principal` and `Resource`).
    case registry
    /// An Organizations service control policy (no `Principal`).
    case scp
    /// An Organizations resource control policy (`Principal` must be `"*"`).
    case rcp
    /// A session policy passed when assuming a role or federating (no `Principal`).
    case session
    /// A VPC endpoint policy (needs `Principal`).
    case endpoint
    /// A permissions boundary (no `Principal`).
    case boundary
    /// The resource-based policy of another service's resource (an S3 bucket policy, a KMS key
    /// policy, an SNS topic policy, ...): needs `Principal` and `Resource`, takes any service's actions.
    case resource

    /// Whether statements of this kind name who they apply to.
    public var requiresPrincipal: Bool {
        switch self {
        case .repository, .registry, .rcp, .endpoint, .resource: true
        case .identity, .scp, .session, .boundary: false
        }
    }
}
