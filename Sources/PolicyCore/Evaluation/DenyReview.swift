/// A Deny statement the evaluator looked at for a request (one of the policies in play, its
/// `Action` covering the request's action) that did not apply, and why. For an allowed cell this
/// answers "was there a Deny, and why did it not stop this?".
public struct UnappliedDeny: Sendable, Hashable {
    public var statement: StatementReference
    /// `Resource does not match arn:…`, `StringEquals aws:PrincipalOrgID o-abc is false: the request carries o-xyz`.
    public var reason: String
}

/// Collects the Denies that did not apply, from the same evaluation path as every decision
/// (`Evaluator.run`), so the list is exactly what the evaluator considered.
struct DenyReviewRecorder: EvaluationRecorder {
    struct Hit {}
    static func hit(_ statement: CompiledStatement) -> Hit { Hit() }
    static var recordsMissingKeys: Bool { false }

    private(set) var hasDenies = false
    private(set) var unapplied: [UnappliedDeny] = []
    mutating func deny(_ hit: Hit) { hasDenies = true }
    func missing(_ gap: ContextGap, in statement: CompiledStatement) {}
    func deciding(_ hit: Hit) {}
    func trace(_ step: DecisionTrace.Code) {}

    mutating func notApplied(_ statement: CompiledStatement, _ element: NotAppliedElement, _ request: AccessRequest) {
        guard statement.effect == .deny else { return }
        let reason: String
        switch element {
        case .resource(let negated):
            reason = negated ? "its NotResource lists \(request.resource)" : "its Resource does not match \(request.resource)"
        case .principal(let negated):
            reason = negated ? "its NotPrincipal excludes \(request.principal.arn)" : "its Principal does not name \(request.principal.arn)"
        case .condition(let index):
            let condition = statement.conditions[index]
            let values = condition.rawValues.count == 1 ? condition.rawValues[0] : "[" + condition.rawValues.joined(separator: ", ") + "]"
            let carried: String = switch request.contextValue(lowercasedKey: condition.key, keyPrint: condition.keyPrint) {
            case nil: "the request has no \(condition.displayKey)"
            case .single(let value)?: "the request carries \(condition.displayKey) = \(value)"
            case .multiple(let values)?: "the request carries \(condition.displayKey) = [\(values.joined(separator: ", "))]"
            }
            reason = "its condition \(condition.op) \(condition.displayKey) \(values) is false: \(carried)"
        }
        unapplied.append(UnappliedDeny(statement: statement.reference, reason: reason))
    }
}

extension Evaluator {
    /// The Denies of `policySet` the evaluator considered for `request` that did not apply, in the
    /// order it considered them.
    public func unappliedDenies(_ request: AccessRequest, _ policySet: PolicySet) -> [UnappliedDeny] {
        var recorder = DenyReviewRecorder()
        _ = run(request, policySet, &recorder)
        return recorder.unapplied
    }

    /// The Denies considered for the required actions of `capability` that did not apply, once
    /// each statement and reason (the requests `evaluate(_:principal:repository:context:policies:)` makes).
    public func unappliedDenies(_ capability: Capability, principal: PrincipalIdentity, repository repositoryARN: String,
                                context: RequestContext = RequestContext(), policies: PolicySet) -> [UnappliedDeny] {
        var seen: Set<UnappliedDeny> = []
        var out: [UnappliedDeny] = []
        for step in capability.requiredSteps {
            guard let request = Self.request(for: step, principal: principal, repository: repositoryARN, context: context) else { continue }
            for deny in unappliedDenies(request, policies) where seen.insert(deny).inserted { out.append(deny) }
        }
        return out
    }
}
