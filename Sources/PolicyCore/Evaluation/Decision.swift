/// One statement that decided a request: where it is, so a reviewer can open it.
///
/// Compiled statements carry theirs, built once, so a decision refers to a statement at the cost
/// of one retain.
public struct StatementReference: Sendable, Hashable, CustomStringConvertible {
    final class Info: Sendable {
        let policyName: String
        let policyType: PolicyType
        let effect: Effect
        let index: Int
        let sid: String?
        let span: SourceSpan

        init(policyName: String, policyType: PolicyType, effect: Effect, index: Int, sid: String?, span: SourceSpan) {
            self.policyName = policyName
            self.policyType = policyType
            self.effect = effect
            self.index = index
            self.sid = sid
            self.span = span
        }
    }

    let info: Info

    public var policyName: String { info.policyName }
    public var policyType: PolicyType { info.policyType }
    public var effect: Effect { info.effect }
    /// Index in the policy's `Statement` list, from 0.
    public var index: Int { info.index }
    public var sid: String? { info.sid }
    public var span: SourceSpan { info.span }

    public init(policyName: String, policyType: PolicyType, effect: Effect, index: Int, sid: String?, span: SourceSpan) {
        info = Info(policyName: policyName, policyType: policyType, effect: effect, index: index, sid: sid, span: span)
    }

    public static func == (a: StatementReference, b: StatementReference) -> Bool {
        a.info === b.info || (a.policyName == b.policyName && a.policyType == b.policyType && a.effect == b.effect
                              && a.index == b.index && a.sid == b.sid && a.span == b.span)
    }

    public func hash(into h: inout Hasher) {
        h.combine(policyName)
        h.combine(policyType)
        h.combine(index)
        h.combine(span)
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
///
/// `Evaluator.evaluate` decides on its outcome-only path, which keeps no statement references, and
/// stores the request and policies it decided from: the explanation (blocking policy types,
/// deciding statements, missing context keys, reasons) is computed from them by
/// `Evaluator.explain`, the one source of truth for explanations, when one of those parts is read.
/// Callers that only ask `isAllowed` (access matrices, who-can searches) never pay for it; a caller
/// reading several parts of one decision takes `explained` once.
public struct Decision: Sendable, Hashable {
    public var outcome: DecisionOutcome
    private var source: ExplanationSource

    /// Where the parts other than the outcome come from.
    private enum ExplanationSource: Sendable {
        /// Given by hand, set, or already computed.
        case known(DecisionExplanation)
        /// To be computed from the evaluation inputs when read (two references to copy, nothing to build).
        case evaluation(AccessRequest, PolicySet)
    }

    public init(outcome: DecisionOutcome, blockedBy: [PolicyType] = [], decidingStatements: [StatementReference] = [],
                missingContextKeys: [MissingContextKey] = [], reasons: [String] = []) {
        self.outcome = outcome
        source = .known(DecisionExplanation(blocked: PolicyTypeSet(blockedBy), deciding: StatementList(decidingStatements),
                                            trace: DecisionTrace(nil),
                                            extras: DecisionExtras.make(missingContextKeys: missingContextKeys, givenReasons: reasons)))
    }

    /// A decision whose explanation is computed when read.
    init(outcome: DecisionOutcome, from request: AccessRequest, _ policySet: PolicySet) {
        self.outcome = outcome
        source = .evaluation(request, policySet)
    }

    /// A decision with its explanation.
    init(outcome: DecisionOutcome, explanation: DecisionExplanation) {
        self.outcome = outcome
        source = .known(explanation)
    }

    public var isAllowed: Bool { outcome == .allowed }

    /// The parts other than the outcome; for an evaluated decision, evaluated again with explanation on each read.
    var explanation: DecisionExplanation {
        get {
            switch source {
            case .known(let e): e
            case .evaluation(let request, let policySet): Evaluator().explain(request, policySet).explanation
            }
        }
        set { source = .known(newValue) }
    }

    /// The same decision with its explanation computed once, for a caller reading several of its parts.
    public var explained: Decision {
        guard case .evaluation = source else { return self }
        return Decision(outcome: outcome, explanation: explanation)
    }

    /// For a denial: the policy types that denied explicitly, or that lacked a required Allow, in
    /// the order of `PolicyType.allCases`.
    public var blockedBy: [PolicyType] {
        get { explanation.blocked.types }
        set { explanation.blocked = PolicyTypeSet(newValue) }
    }
    /// For `explicitDeny`: every applicable Deny. For `allowed`: the Allow of each policy type that
    /// was needed. For `implicitDeny`: the Allows that did apply (not enough on their own).
    public var decidingStatements: [StatementReference] {
        get { explanation.deciding.array }
        set { explanation.deciding = StatementList(newValue) }
    }
    /// Keys conditions needed but the request lacked (see `MissingContextKey`).
    public var missingContextKeys: [MissingContextKey] {
        get { explanation.extras?.missingContextKeys ?? [] }
        set {
            var e = explanation
            e.extras = DecisionExtras.make(missingContextKeys: newValue, givenReasons: e.extras?.givenReasons)
            explanation = e
        }
    }
    /// How the decision was reached, in words (one line per step that mattered). Built on demand,
    /// so evaluation itself formats no text.
    public var reasons: [String] { explanation.reasons }

    public static func == (a: Decision, b: Decision) -> Bool {
        a.outcome == b.outcome && a.explanation == b.explanation
    }

    public func hash(into h: inout Hasher) {
        h.combine(outcome)
        h.combine(explanation)
    }
}

/// Everything a decision says besides its outcome.
struct DecisionExplanation: Sendable, Hashable {
    var blocked: PolicyTypeSet
    var deciding: StatementList
    /// The steps of the evaluation logic that mattered, recorded compactly; `reasons` words them.
    var trace: DecisionTrace
    /// The rarely present parts in one optional reference.
    var extras: DecisionExtras?

    var reasons: [String] {
        if let given = extras?.givenReasons { return given }
        return trace.codes.map { code in
            code == .explicitDeny
                ? "an applicable Deny is final: " + deciding.array.map(\.description).joined(separator: "; ")
                : code.text(action: trace.action, resourceAccount: trace.resourceAccount)
        }
    }
}

/// Missing context keys and hand-written reasons of a decision; nil in a `Decision` when it has neither.
final class DecisionExtras: Sendable, Hashable {
    let missingContextKeys: [MissingContextKey]
    let givenReasons: [String]?

    init(missingContextKeys: [MissingContextKey], givenReasons: [String]?) {
        self.missingContextKeys = missingContextKeys
        self.givenReasons = givenReasons
    }

    static func make(missingContextKeys: [MissingContextKey], givenReasons: [String]?) -> DecisionExtras? {
        missingContextKeys.isEmpty && givenReasons == nil ? nil : DecisionExtras(missingContextKeys: missingContextKeys, givenReasons: givenReasons)
    }

    static func == (a: DecisionExtras, b: DecisionExtras) -> Bool {
        a === b || (a.missingContextKeys == b.missingContextKeys && a.givenReasons == b.givenReasons)
    }

    func hash(into h: inout Hasher) {
        h.combine(missingContextKeys)
        h.combine(givenReasons)
    }
}

/// Up to eight reason codes packed in one word, plus what their wording needs.
struct DecisionTrace: Sendable, Hashable {
    enum Code: UInt8, Sendable {
        case explicitDeny = 1, scpLevelWithoutAllow, identityOnlyForAnonymous, identityOnlyForService, noResourceAllowForAnonymous,
             noResourceAllowForService, resourceAllowsCaller, rootUser, sameAccountDirectGrant, sameAccountRoleGrant,
             boundaryWithoutAllow, sessionWithoutAllow, crossAccountResourceDoesNotAllow, crossAccountNoResourcePolicy,
             crossAccountResourceAllowsAccount, crossAccountResourceAllows, sameAccountDelegation, noIdentityAllow,
             neitherIdentityNorResourceAllow, identityAllows, endpointWithoutAllow, keyPolicyDoesNotAllow

        func text(action: String, resourceAccount: String?) -> String {
            let account = resourceAccount ?? "?"
            return switch self {
            case .explicitDeny: "an applicable Deny is final"
            case .scpLevelWithoutAllow: "a level of the principal's SCPs has no applicable Allow"
            case .identityOnlyForAnonymous: "\(action) can only be allowed by an identity policy, which an anonymous caller does not have"
            case .identityOnlyForService: "\(action) can only be allowed by an identity policy, which a service principal does not have"
            case .noResourceAllowForAnonymous: "no resource-based policy allows this anonymous caller"
            case .noResourceAllowForService: "no resource-based policy allows this service principal"
            case .resourceAllowsCaller: "the resource-based policy allows the caller"
            case .rootUser: "the account root user has every identity permission of its account"
            case .sameAccountDirectGrant: "same account: the resource-based policy names the caller, which is enough on its own"
            case .sameAccountRoleGrant: "same account: the resource-based policy names the role, so the boundary and session policy still apply"
            case .boundaryWithoutAllow: "the permissions boundary has no applicable Allow"
            case .sessionWithoutAllow: "the session policy has no applicable Allow"
            case .crossAccountResourceDoesNotAllow: "cross-account: the resource-based policy in account \(account) does not allow this principal"
            case .crossAccountNoResourcePolicy: "cross-account: no resource-based policy in account \(account) allows this principal"
            case .crossAccountResourceAllowsAccount: "cross-account: the resource-based policy allows the principal's account; its identity policies must allow too"
            case .crossAccountResourceAllows: "cross-account: the resource-based policy allows the principal; its identity policies must allow too"
            case .sameAccountDelegation: "same account: the resource-based policy names the account, which delegates to identity policies"
            case .noIdentityAllow: "no identity-based policy allows \(action)"
            case .neitherIdentityNorResourceAllow: "neither an identity-based policy nor the resource-based policy allows \(action)"
            case .identityAllows: "an identity-based policy allows \(action)"
            case .endpointWithoutAllow: "a VPC endpoint policy has no applicable Allow"
            case .keyPolicyDoesNotAllow: "the key policy allows neither this principal nor its account, so identity policies have no effect on the KMS key"
            }
        }
    }

    /// The request, for wording (`action`, `resourceAccount`); nil for decisions built by hand.
    let request: AccessRequest?
    private var packed: UInt64 = 0
    private var count: UInt8 = 0

    init(_ request: AccessRequest?) {
        self.request = request
    }

    var action: String { request?.action ?? "the action" }
    var resourceAccount: String? { request?.resourceAccount }

    static func == (a: DecisionTrace, b: DecisionTrace) -> Bool {
        a.packed == b.packed && a.count == b.count && a.action == b.action && a.resourceAccount == b.resourceAccount
    }

    func hash(into h: inout Hasher) {
        h.combine(packed)
        h.combine(action)
    }

    mutating func append(_ code: Code) {
        guard count < 8 else { return }
        packed |= UInt64(code.rawValue) << (8 * UInt64(count))
        count += 1
    }

    var codes: [Code] {
        (0..<Int(count)).compactMap { Code(rawValue: UInt8((packed >> (8 * UInt64($0))) & 0xFF)) }
    }
}

/// A list of statement references that holds its first two inline, so the common decision
/// (one or two deciding statements) allocates nothing.
struct StatementList: Sendable, Hashable {
    private var first: StatementReference?
    private var second: StatementReference?
    /// Nil until a third reference is appended.
    private var more: [StatementReference]?

    init() {}

    init(_ items: [StatementReference]) {
        for item in items { append(item) }
    }

    mutating func append(_ s: StatementReference) {
        if first == nil { first = s } else if second == nil { second = s } else { if more == nil { more = [s] } else { more!.append(s) } }
    }

    var isEmpty: Bool { first == nil }

    /// The only reference (nil inside for none), or nil when there are two or more.
    var atMostOne: StatementReference?? { second == nil ? .some(first) : nil }

    var array: [StatementReference] {
        var out: [StatementReference] = []
        if let first { out.append(first) }
        if let second { out.append(second) }
        return out + (more ?? [])
    }
}

/// A set of policy types in one byte.
struct PolicyTypeSet: Sendable, Hashable {
    private var bits: UInt8 = 0

    init() {}

    init(_ types: [PolicyType]) {
        for t in types { insert(t) }
    }

    private static func bit(_ t: PolicyType) -> UInt8 {
        switch t {
        case .scp: 1
        case .rcp: 2
        case .identity: 4
        case .resource: 8
        case .boundary: 16
        case .session: 32
        case .endpoint: 64
        }
    }

    /// One bit per type.
    var rawBits: UInt8 { bits }

    mutating func insert(_ t: PolicyType) { bits |= Self.bit(t) }
    func contains(_ t: PolicyType) -> Bool { bits & Self.bit(t) != 0 }
    var isEmpty: Bool { bits == 0 }
    var types: [PolicyType] { PolicyType.allCases.filter(contains) }
}
