import PolicyCore

/// Before an image push or pull, or after the registry refused one: for each action of the capability
/// that the policies do not allow, which statement denies it or which Allow is missing, and the fix.
/// It reads a `CapabilityDecision` from the one evaluator (`Evaluator.evaluate(_:principal:...)`); it
/// never decides anything itself.
public enum AccessPreflight {
    public struct Finding: Sendable, Equatable {
        public var action: String
        public var resource: String
        public var outcome: DecisionOutcome
        /// The Deny statements that decided an explicit deny.
        public var denyingStatements: [StatementReference]
        /// The policy types that lacked an Allow (implicit deny).
        public var missingAllowIn: [PolicyType]
        public var fix: String
    }

    /// The required actions that are not allowed, in the order a client calls them.
    public static func findings(_ decision: CapabilityDecision, principal: PrincipalIdentity, repositoryARN: String) -> [Finding] {
        let repositoryAccount = ARN(repositoryARN)?.account
        let crossAccount = principal.account != nil && principal.account != repositoryAccount
        return decision.actions.compactMap { step -> Finding? in
            guard step.step.required, let d = step.decision, !d.isAllowed else { return nil }
            let action = step.step.action
            if d.outcome == .explicitDeny {
                let denies = d.decidingStatements.filter { $0.effect == .deny }
                let places = denies.map(place).joined(separator: "; ")
                return Finding(action: action, resource: step.resource, outcome: .explicitDeny, denyingStatements: denies, missingAllowIn: [],
                               fix: "remove \(action) from, or narrow the condition of, the Deny at \(places); an explicit Deny wins over every Allow")
            }
            let fixes = d.blockedBy.map { type in missingAllowFix(type, action: action, resource: step.resource, principal: principal,
                                                                repositoryARN: repositoryARN, crossAccount: crossAccount) }
            return Finding(action: action, resource: step.resource, outcome: .implicitDeny, denyingStatements: [], missingAllowIn: d.blockedBy,
                           fix: fixes.joined(separator: "; and "))
        }
    }

    static func place(_ s: StatementReference) -> String {
        "\(s.policyName):\(s.span.start.line):\(s.span.start.column) Statement[\(s.index)]" + (s.sid.map { " Sid \"\($0)\"" } ?? "")
    }

    static func missingAllowFix(_ type: PolicyType, action: String, resource: String, principal: PrincipalIdentity,
                                repositoryARN: String, crossAccount: Bool) -> String {
        switch type {
        case .identity:
            return "allow \(action) on \(resource) in an identity policy of \(principal.arn)"
                + (crossAccount || resource == "*" ? "" : " (or in the repository policy of \(repositoryARN))")
        case .resource where action == "ecr:ReplicateImage" || action == "ecr:CreateRepository":
            // Replication into another account is allowed by the destination's registry permission policy.
            let registry = ARN(repositoryARN).map { "arn:\($0.partition):ecr:\($0.region):\($0.account):repository/*" } ?? repositoryARN
            return "allow \(action) for \(principal.arn) on \(registry) in the destination registry's permission policy"
                + (action == "ecr:CreateRepository" ? " (needed unless the repository already exists there)" : "")
                + "; without it ECR drops the replication silently"
        case .resource:
            return crossAccount
                ? "allow \(action) for \(principal.arn) in the repository policy of \(repositoryARN) (another account's caller needs it there as well as in its own identity policy)"
                : "allow \(action) for \(principal.arn) in the repository policy of \(repositoryARN) or the registry policy"
        case .boundary: return "the permissions boundary of \(principal.arn) must allow \(action)"
        case .session: return "the session policy of \(principal.arn) must allow \(action)"
        case .scp: return "every service control policy level above the account of \(principal.arn) must allow \(action)"
        case .rcp: return "every resource control policy level above the account of \(repositoryARN) must allow \(action)"
        case .endpoint: return "the VPC endpoint policy must allow \(action) for \(principal.arn)"
        }
    }
}
