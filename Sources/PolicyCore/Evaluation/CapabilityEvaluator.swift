/// A capability decided as the conjunction of its required actions, explained action by action.
public struct CapabilityDecision: Sendable, Hashable {
    public struct ActionDecision: Sendable, Hashable {
        public var step: CapabilityStep
        /// The resource evaluated (`*` for identity-only actions).
        public var resource: String
        /// Nil when the step does not apply to this caller (service principals need no token).
        public var decision: Decision?
        public var skippedReason: String?
    }

    public var capability: Capability
    public var outcome: DecisionOutcome
    public var blockedBy: [PolicyType]
    public var actions: [ActionDecision]

    /// Every missing context key across the required actions, without duplicates.
    public var missingContextKeys: [MissingContextKey] {
        var seen = Set<MissingContextKey>(), out: [MissingContextKey] = []
        for a in actions where a.step.required {
            for m in a.decision?.missingContextKeys ?? [] where seen.insert(m).inserted { out.append(m) }
        }
        return out
    }

    public var isAllowed: Bool { outcome == .allowed }
}

extension Evaluator {
    /// The request one step of a capability makes: on the repository ARN, or on `*` in the
    /// principal's account for identity-only steps; nil for identity-only steps of service
    /// principals, which authenticate on their own.
    static func request(for step: CapabilityStep, principal: PrincipalIdentity, repository repositoryARN: String,
                        context: RequestContext) -> AccessRequest? {
        if !step.onRepository && principal.kind == .service { return nil }
        return AccessRequest(principal: principal, action: step.action, resource: step.onRepository ? repositoryARN : "*",
                             resourceAccount: step.onRepository ? nil : (principal.account ?? ARN(repositoryARN)?.account),
                             context: context)
    }

    /// Evaluates every action of `capability` for `principal` on `repositoryARN`.
    /// Identity-only steps (`ecr:GetAuthorizationToken`) are evaluated on `*` in the principal's
    /// account; service principals skip them (they authenticate on their own).
    public func evaluate(_ capability: Capability, principal: PrincipalIdentity, repository repositoryARN: String,
                         context: RequestContext = RequestContext(), policies: PolicySet) -> CapabilityDecision {
        var results: [CapabilityDecision.ActionDecision] = []
        var outcome = DecisionOutcome.allowed
        var blocked: [PolicyType] = []
        for step in capability.steps {
            let resource = step.onRepository ? repositoryARN : "*"
            guard let request = Self.request(for: step, principal: principal, repository: repositoryARN, context: context) else {
                results.append(.init(step: step, resource: resource, decision: nil,
                                     skippedReason: "service principals do not call \(step.action)"))
                continue
            }
            // Capability answers are read for their explanations (simulate, who-can, reports read
            // every step's statements and keys), so each step is explained in its one evaluation; a
            // lazy decision would evaluate again on every part read.
            let d = explain(request, policies)
            results.append(.init(step: step, resource: resource, decision: d, skippedReason: nil))
            guard step.required else { continue }
            switch d.outcome {
            case .allowed: break
            case .explicitDeny: outcome = .explicitDeny
            case .implicitDeny: if outcome == .allowed { outcome = .implicitDeny }
            }
            for b in d.blockedBy where !blocked.contains(b) { blocked.append(b) }
        }
        return CapabilityDecision(capability: capability, outcome: outcome, blockedBy: blocked, actions: results)
    }
}
