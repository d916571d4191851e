/// One statement that decided a request: where it is, so a reviewer can open it.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    public var policyName: String
    public var policyType: PolicyType
    public var effect: Effect
    /// Index in the policy's `Statement` list, from 0.
    public var index: Int
    public var sid: String?
    public var span: SourceSpan

    public init(policyName: String, policyType: PolicyType, effect: Effect, index: Int, sid: String?, span: SourceSpan) {
        self.policyName = policyName
        self.policyType = policyType
        self.effect = effect
        self.index = index
        self.sid = sid
        self.span = span
    }

    public var description: String {
        "\(policyName) Statement[\(index)]" + (sid.map { " (Sid \"\($0)\")" } ?? "") + " at \(span.start)"
    }
}

/// A context key that a condition of an applicable statement referred to but the request did not
/// carry: "denied" may really mean "denied unless aws:PrincipalOrgID is ...".
public struct MissingContextKey: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    /// What the condition asked, e.g. `StringEquals aws:PrincipalOrgID o-a1b2c3`.
    public var requirement: String
    public var statement: StatementReference

    public init(key: String, requirement: String, statement: StatementReference) {
        self.key = key
        self.requirement = requirement
        self.statement = statement
    }

    public var description: String { "\(key): \(requirement) (\(statement))" }
}

/// The answer for one request.
public struct Decision: Sendable, Hashable {
    public var outcome: DecisionOutcome
    /// For a denial: the policy types that denied explicitly, or that lacked a required Allow.
    public var blockedBy: [PolicyType]
    /// For `explicitDeny`: every applicable Deny. For `allowed`: the Allow of each policy type that
    /// was needed. For `implicitDeny`: the Allows that did apply (not enough on their own).
    public var decidingStatements: [StatementReference]
    /// Keys conditions needed but the request lacked (see `MissingContextKey`).
    public var missingContextKeys: [MissingContextKey]
    /// How the decision was reached, in words (one line per step that mattered).
    public var reasons: [String]

    public init(outcome: DecisionOutcome, blockedBy: [PolicyType] = [], decidingStatements: [StatementReference] = [],
                missingContextKeys: [MissingContextKey] = [], reasons: [String] = []) {
        self.outcome = outcome
        self.blockedBy = blockedBy
        self.decidingStatements = decidingStatements
        self.missingContextKeys = missingContextKeys
        self.reasons = reasons
    }

    public var isAllowed: Bool { outcome == .allowed }
}
