/// One cell of the access matrix: can this principal use this capability on this repository?
public struct AccessMatrixEntry: Sendable, Hashable, Codable {
    /// How the principal is shown: a manifest name (`ci-role`) or an ARN, `anonymous`, a service.
    public var principal: String
    /// The ARN the principal was simulated as, when it differs from `principal`.
    public var principalARN: String?
    public var repository: String
    /// The capability simulated: `push`, `pull`, `replicate`, `managePolicy`, ...
    public var capability: String
    public var decision: AccessDecision
    /// The statements that decided the outcome (the Allow that granted it, or the Deny that blocked it).
    public var decidingStatements: [ReportedStatement]
    /// Conditions the grant depends on, in readable form: `StringEquals aws:PrincipalOrgID = o-a1b2c3`.
    public var conditions: [String]
    /// The policy types whose decision blocked the request: `scp`, `resource`, `boundary`, ...
    public var blockedBy: [String]
    /// Context keys the decision depended on but the simulation did not have.
    public var missingContextKeys: [String]
    /// Anything else a reviewer should know about this cell.
    public var note: String?

    public init(principal: String, principalARN: String? = nil, repository: String, capability: String,
                decision: AccessDecision, decidingStatements: [ReportedStatement] = [], conditions: [String] = [],
                blockedBy: [String] = [], missingContextKeys: [String] = [], note: String? = nil) {
        self.principal = principal
        self.principalARN = principalARN
        self.repository = repository
        self.capability = capability
        self.decision = decision
        self.decidingStatements = decidingStatements
        self.conditions = conditions
        self.blockedBy = blockedBy
        self.missingContextKeys = missingContextKeys
        self.note = note
    }
}

/// The outcome of simulating a request, as IAM names it.
public enum AccessDecision: String, Sendable, Hashable, Codable, CaseIterable {
    case allowed
    case implicitDeny
    case explicitDeny

    public var isAllowed: Bool { self == .allowed }

    /// Short words for tables: "allowed", "denied (implicit)", "denied (explicit)".
    public var label: String {
        switch self {
        case .allowed: "allowed"
        case .implicitDeny: "denied (implicit)"
        case .explicitDeny: "denied (explicit)"
        }
    }
}
