import PolicyCore

/// A principal worth simulating: who it is and the policies that apply to it.
public struct PrincipalManifest: Sendable {
    /// How expectations and reports refer to it (`ci`, `developer`, `other-account`).
    public var name: String
    /// An IAM ARN (`arn:aws:iam::123456789012:role/ci`, an `assumed-role` session ARN, a user ARN),
    /// a service principal (`ecr.amazonaws.com`), or `anonymous`.
    public var identity: String
    public var identityPolicies: [PolicyReference]
    public var permissionBoundary: PolicyReference?
    public var sessionPolicy: PolicyReference?
    /// One list per level of the account's organization path, root first.
    public var serviceControlPolicies: [[PolicyReference]]
    /// `serviceControlPolicies: not-collected`: the principal's account is in an organization whose
    /// SCPs could not be read. Simulated as if no SCP restricted it, and reported as
    /// `SCPS_NOT_COLLECTED` (high). Distinct from no `serviceControlPolicies` (not in an organization).
    public var serviceControlPoliciesNotCollected: Bool
    /// Groups the principal (a user) belongs to; informational: their policies are already among
    /// `identityPolicies`.
    public var groups: [String]
    /// The principal's organization; defaults to that of a registry in the same account.
    public var organization: OrganizationMembership?
    /// Further request context (`aws:SourceVpce`, `aws:PrincipalTag/team`, ...); every value a list.
    public var context: [String: [String]]
    public var location: ManifestLocation

    public init(name: String, identity: String, identityPolicies: [PolicyReference] = [], permissionBoundary: PolicyReference? = nil,
                sessionPolicy: PolicyReference? = nil, serviceControlPolicies: [[PolicyReference]] = [],
                organization: OrganizationMembership? = nil, context: [String: [String]] = [:],
                serviceControlPoliciesNotCollected: Bool = false, groups: [String] = [], location: ManifestLocation) {
        self.serviceControlPoliciesNotCollected = serviceControlPoliciesNotCollected
        self.groups = groups
        self.name = name
        self.identity = identity
        self.identityPolicies = identityPolicies
        self.permissionBoundary = permissionBoundary
        self.sessionPolicy = sessionPolicy
        self.serviceControlPolicies = serviceControlPolicies
        self.organization = organization
        self.context = context
        self.location = location
    }

    /// How the manifest writes `serviceControlPoliciesNotCollected`: `serviceControlPolicies: not-collected`.
    public static let notCollected = "not-collected"

    public var isAnonymous: Bool { identity == "anonymous" }

    /// The 12-digit account of an IAM or STS ARN; nil for anonymous and service principals.
    public var account: String? {
        guard let arn = ARN(identity), arn.service == "iam" || arn.service == "sts" else { return nil }
        return arn.account
    }
}
