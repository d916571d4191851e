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
    public var decidingStatements: [StatementReference]
    /// Conditions the grant depends on, in readable form: `StringEquals aws:PrincipalOrgID = o-a1b2c3`.
    public var conditions: [String]
    /// The policy types whose decision blocked the request: `scp`, `resource`, `boundary`, ...
    public var blockedBy: [String]
    /// Context keys the decision depended on but the simulation did not have.
    public var missingContextKeys: [String]
    /// Anything else a reviewer should know about this cell.
    public var note: String?

    public init(principal: String, principalARN: String? = nil, repository: String, capability: String,
                decision: AccessDecision, decidingStatements: [StatementReference] = [], conditions: [String] = [],
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

/// A statement in a policy, as a reviewer finds it again.
public struct StatementReference: Sendable, Hashable, Codable {
    /// The policy's name (`repository policy of employee-api`, `ci-push`).
    public var policy: String
    /// The file the policy came from, when it came from one.
    public var file: String?
    /// Index of the statement, from 0.
    public var index: Int?
    public var sid: String?
    /// `Allow` or `Deny`.
    public var effect: String?
    /// Line of the statement in `file`, from 1.
    public var line: Int?

    public init(policy: String, file: String? = nil, index: Int? = nil, sid: String? = nil, effect: String? = nil, line: Int? = nil) {
        self.policy = policy
        self.file = file
        self.index = index
        self.sid = sid
        self.effect = effect
        self.line = line
    }

    /// `ci-push Statement[1] "AllowPush" (Allow) at policies/ci.json:7`.
    public var summary: String {
        var text = policy
        if let index { text += " Statement[\(index)]" }
        if let sid, !sid.isEmpty { text += " \"\(sid)\"" }
        if let effect { text += " (\(effect))" }
        if let file {
            text += " at \(file)"
            if let line { text += ":\(line)" }
        }
        return text
    }
}
