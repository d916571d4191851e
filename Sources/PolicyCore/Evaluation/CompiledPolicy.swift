/// A policy document compiled once into matchers; evaluating it allocates nothing on the common
/// path (no Deny hit, no missing context key).
public struct CompiledPolicy: Sendable {
    /// One reference, so copying a policy (into a `PolicySet`, through loops) costs one retain.
    final class Storage: Sendable {
        let name: String
        let kind: PolicyKind
        let type: PolicyType
        let statements: [CompiledStatement]
        /// For each known action (`KnownActions`), a bit per statement whose action element covers
        /// it; empty when the policy has more than 64 statements.
        let actionIndex: [UInt64]
        /// `statements` and `actionIndex` again, for matching (see `OwnedBuffer`).
        let statementBuffer: OwnedBuffer<CompiledStatement>
        let actionIndexBuffer: OwnedBuffer<UInt64>

        init(name: String, kind: PolicyKind, type: PolicyType, statements: [CompiledStatement]) {
            self.name = name
            self.kind = kind
            self.type = type
            self.statements = statements
            if statements.count <= 64 {
                var index = [UInt64](repeating: 0, count: KnownActions.lowercased.count)
                for (i, s) in statements.enumerated() {
                    guard let action = s.action else { continue }
                    for (id, applies) in action.appliesToKnownActions().enumerated() where applies { index[id] |= 1 << UInt64(i) }
                }
                actionIndex = index
            } else {
                actionIndex = []
            }
            statementBuffer = OwnedBuffer(statements)
            actionIndexBuffer = OwnedBuffer(actionIndex)
        }

        deinit {
            statementBuffer.release()
            actionIndexBuffer.release()
        }
    }

    let storage: Storage
    public var name: String { storage.name }
    public var kind: PolicyKind { storage.kind }
    public var type: PolicyType { storage.type }
    var statements: [CompiledStatement] { storage.statements }

    /// - Parameters:
    ///   - name: how explanations name the policy (a file name, `repository policy`, ...).
    ///   - kind: where it is attached; repository policies imply their repository as `Resource`.
    public init(_ document: PolicyDocument, name: String, kind: PolicyKind) {
        let variables = document.supportsPolicyVariables
        let type = Self.type(of: kind)
        storage = Storage(name: name, kind: kind, type: type,
                          statements: document.statements.map { CompiledStatement($0, variablesEnabled: variables, kind: kind, policyName: name, type: type) })
    }

    public static func type(of kind: PolicyKind) -> PolicyType {
        switch kind {
        case .identity: .identity
        case .repository, .registry, .resource: .resource
        case .scp: .scp
        case .rcp: .rcp
        case .session: .session
        case .endpoint: .endpoint
        case .boundary: .boundary
        }
    }

    /// Number of statements.
    public var statementCount: Int { statements.count }

    /// For each of `actions`, the statements (their indices, in order) whose `Action`/`NotAction`
    /// applies to it, exactly as evaluation matches them: read from the policy's action index for
    /// known actions, else matched statement by statement. A statement without an action element
    /// applies to none.
    public func statementsCovering(_ actions: ActionNames) -> [[Int]] {
        let storage = storage
        return actions.ids.indices.map { k in
            var covering: [Int] = []
            Self.forEachStatement(in: storage, coveringAction: actions.ids[k], key: actions.keys[k]) { covering.append(storage.statements[$0].index) }
            return covering
        }
    }

    /// Calls `body` with the position of each statement whose `Action`/`NotAction` applies to an
    /// action (`id` in `KnownActions`, `key` lower-cased), in order: from the action index for a known
    /// action, else statement by statement. Evaluation (`match`) and `statementsCovering` both select
    /// statements here, so the checks' grouping cannot disagree with evaluation.
    @inline(__always)
    static func forEachStatement(in storage: Storage, coveringAction id: Int, key: @autoclosure () -> String, _ body: (Int) -> Void) {
        let actionIndex = storage.actionIndexBuffer
        if id >= 0 && id < actionIndex.count {
            var bits = actionIndex[id]
            while bits != 0 {
                let i = bits.trailingZeroBitCount
                bits &= bits - 1
                body(i)
            }
        } else {
            let statements = storage.statementBuffer, key = key()
            for i in 0..<statements.count {
                // The policy owns its statements for the whole call: borrowed without a retain.
                let applies = Unmanaged.passUnretained(statements[i])._withUnsafeGuaranteedRef { $0.action?.applies(to: key) ?? false }
                if applies { body(i) }
            }
        }
    }

    /// Matches every statement against the request. The principal is checked only for kinds whose
    /// statements name one. Denies and missing context keys go to `recorder`; the best Allow to `hits`.
    @inline(__always)
    func match<Recorder: EvaluationRecorder>(_ request: AccessRequest, hasBoundary: Bool, into hits: inout PolicyHits<Recorder.Hit>,
                                             recorder: inout Recorder) {
        Self.match(storage, request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
    }

    /// `match` of the policy whose storage is given, borrowed by the caller (see `BorrowedPolicy`).
    static func match<Recorder: EvaluationRecorder>(_ storage: Storage, _ request: AccessRequest, hasBoundary: Bool,
                                                    into hits: inout PolicyHits<Recorder.Hit>, recorder: inout Recorder) {
        let statements = storage.statementBuffer
        // The policy owns its statements for the whole call: borrowing each without a retain lets
        // every matcher it holds be read without retains too.
        forEachStatement(in: storage, coveringAction: request.actionID, key: request.actionKey) { i in
            Unmanaged.passUnretained(statements[i])._withUnsafeGuaranteedRef {
                consider($0, storage.kind, request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
            }
        }
    }

    /// A statement whose action applies: resource, principal, conditions, then its effect.
    @inline(__always)
    private static func consider<Recorder: EvaluationRecorder>(_ s: CompiledStatement, _ kind: PolicyKind, _ request: AccessRequest,
                                                               hasBoundary: Bool, into hits: inout PolicyHits<Recorder.Hit>,
                                                               recorder: inout Recorder) {
        var missing: [ContextGap] = []
        defer {
            if Recorder.recordsMissingKeys && !missing.isEmpty {
                for m in missing { recorder.missing(m, in: s) }
            }
        }
        if let r = s.resource {
            if !r.applies(to: request, missing: &missing) {
                recorder.notApplied(s, .resource(negated: r.isNegated), request)
                return
            }
        } else if kind != .repository {
            // Only a repository policy may omit `Resource` (its repository is implied); elsewhere a
            // statement without one is invalid and applies to nothing.
            return
        }
        var grant = ResourceGrant.direct
        if kind.requiresPrincipal {
            guard let p = s.principal else { return }
            if p.isNegated {
                // A Deny with NotPrincipal in a resource policy always applies to a principal
                // with a permissions boundary (IAM User Guide, "NotPrincipal").
                let boundaryOverride = s.effect == .deny && hasBoundary && (kind == .repository || kind == .registry || kind == .resource)
                if !boundaryOverride && p.excludes(request.principal) {
                    recorder.notApplied(s, .principal(negated: true), request)
                    return
                }
                grant = PrincipalMatcher.grantToEveryone(request.principal)
            } else {
                grant = p.grant(for: request.principal)
                if grant == .none {
                    recorder.notApplied(s, .principal(negated: false), request)
                    return
                }
            }
        }
        let conditions = s.conditionBuffer
        for i in 0..<conditions.count {
            // Borrowed from the statement, which outlives the call: no retain per condition.
            let holds = Unmanaged.passUnretained(conditions[i])._withUnsafeGuaranteedRef { $0.evaluate(request, missing: &missing) }
            if !holds {
                recorder.notApplied(s, .condition(i), request)
                return
            }
        }
        switch s.effect {
        case .deny:
            recorder.deny(Recorder.hit(s))
        case .allow:
            if grant > hits.grant || hits.allow == nil {
                hits.allow = Recorder.hit(s)
                hits.grant = max(hits.grant, grant)
            }
        }
    }
}

/// A policy of a `PolicySet` referred to without a retain: the set's storage holds the policy
/// strongly for as long as it exists, and evaluation borrows the set, so retaining each policy on
/// each request (as copying a `CompiledPolicy` out of the set does) buys nothing.
struct BorrowedPolicy: @unchecked Sendable {
    private let storage: Unmanaged<CompiledPolicy.Storage>

    init(_ policy: CompiledPolicy) {
        storage = .passUnretained(policy.storage)
    }

    @inline(__always)
    func match<Recorder: EvaluationRecorder>(_ request: AccessRequest, hasBoundary: Bool, into hits: inout PolicyHits<Recorder.Hit>,
                                             recorder: inout Recorder) {
        storage._withUnsafeGuaranteedRef {
            CompiledPolicy.match($0, request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
        }
    }
}

/// The best Allow of one policy for one request (its Denies go to the recorder).
struct PolicyHits<Hit> {
    var allow: Hit?
    var grant: ResourceGrant = .none
}

final class CompiledStatement: Sendable {
    let index: Int
    let sid: String?
    let span: SourceSpan
    let effect: Effect
    let principal: PrincipalMatcher?
    /// Nil when the statement has no `Action`/`NotAction` (invalid): it applies to nothing.
    let action: ActionMatcher?
    /// Nil when the statement has no `Resource`: the policy's own resource for repository
    /// policies, nothing for other kinds.
    let resource: ResourceMatcher?
    let conditions: [ConditionMatcher]
    /// `conditions` again, for matching (see `OwnedBuffer`).
    let conditionBuffer: OwnedBuffer<ConditionMatcher>
    let reference: StatementReference

    init(_ s: Statement, variablesEnabled: Bool, kind: PolicyKind, policyName: String, type: PolicyType) {
        reference = StatementReference(policyName: policyName, policyType: type, effect: s.effect.value, index: s.index, sid: s.sid?.value, span: s.span)
        index = s.index
        sid = s.sid?.value
        span = s.span
        effect = s.effect.value
        principal = s.principal.map(PrincipalMatcher.init)
        action = s.action.map(ActionMatcher.init)
        resource = s.resource.map { ResourceMatcher($0, variablesEnabled: variablesEnabled) }
        conditions = s.condition?.clauses.map { ConditionMatcher($0, variablesEnabled: variablesEnabled) } ?? []
        conditionBuffer = OwnedBuffer(conditions)
    }

    deinit {
        conditionBuffer.release()
    }
}

/// Action names looked up once among the evaluator's known actions, for asking many compiled
/// policies which statements cover them (`CompiledPolicy.statementsCovering(_:)`).
public struct ActionNames: Sendable {
    public let names: [String]
    /// Lower-cased, as `ActionMatcher.applies(to:)` reads them.
    let keys: [String]
    /// Positions in `KnownActions` (-1: not a known action).
    let ids: [Int]

    public init(_ names: [String]) {
        self.names = names
        keys = names.map { $0.lowercased() }
        ids = keys.map(KnownActions.id)
    }
}
