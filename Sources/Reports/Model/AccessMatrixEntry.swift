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
    /// For a representative other (another principal of the account, another account, the
    /// organization, anonymous; not a manifest principal): what was assumed about its own policies.
    public var assumption: String?
    /// For an allowed cell: the Deny statements that were evaluated and why none applied.
    public var evaluatedDenies: [EvaluatedDeny]?
    /// Why an allowed cell is a risk in itself (a caller outside the account's organization or an
    /// anonymous one can do it); the HTML report adds broken expectations and matching findings.
    public var risk: String?

    public init(principal: String, principalARN: String? = nil, repository: String, capability: String,
                decision: AccessDecision, decidingStatements: [ReportedStatement] = [], conditions: [String] = [],
                blockedBy: [String] = [], missingContextKeys: [String] = [], note: String? = nil,
                assumption: String? = nil, evaluatedDenies: [EvaluatedDeny]? = nil, risk: String? = nil) {
        self.risk = risk
        self.assumption = assumption
        self.evaluatedDenies = evaluatedDenies
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

/// A Deny statement evaluated for an allowed cell, and why it did not apply.
public struct EvaluatedDeny: Sendable, Hashable, Codable {
    public var statement: ReportedStatement
    /// `its Resource does not match arn:…`, `its condition … is false: the request carries …`.
    public var reason: String

    public init(statement: ReportedStatement, reason: String) {
        self.statement = statement
        self.reason = reason
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
