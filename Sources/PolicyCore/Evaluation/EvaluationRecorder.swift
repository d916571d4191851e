/// What an evaluation keeps besides its outcome.
///
/// `Evaluator` runs one body of AWS evaluation logic, generic over its recorder: `OutcomeRecorder`
/// keeps nothing (its methods are empty, so the specialised code does no explanation work and
/// retains no statement references), `ExplanationRecorder` keeps everything a `Decision` explains.
/// Both paths therefore take every branch the same way and cannot disagree on an outcome.
protocol EvaluationRecorder {
    /// What a policy's hit keeps of the statement that applied.
    associatedtype Hit
    static func hit(_ statement: CompiledStatement) -> Hit
    /// Whether missing context keys are worth reporting (only explanations list them).
    static var recordsMissingKeys: Bool { get }

    /// Whether an applicable Deny was recorded: the outcome is then `explicitDeny`.
    var hasDenies: Bool { get }
    mutating func deny(_ hit: Hit)
    mutating func missing(_ gap: ContextGap, in statement: CompiledStatement)
    /// A statement that counts towards the outcome (an Allow that was needed or applied).
    mutating func deciding(_ hit: Hit)
    mutating func trace(_ step: DecisionTrace.Code)
    /// A statement whose action applies but which did not apply to the request, and the element
    /// that kept it out (`DenyReview` lists the Denies among them).
    mutating func notApplied(_ statement: CompiledStatement, _ element: NotAppliedElement, _ request: AccessRequest)
}

/// What kept a statement whose action applies from applying.
enum NotAppliedElement: Sendable, Hashable {
    case resource(negated: Bool)
    case principal(negated: Bool)
    /// The statement's condition clause at this index was false.
    case condition(Int)
}

/// Keeps nothing but whether a Deny applied: the path of `Evaluator.evaluate`.
struct OutcomeRecorder: EvaluationRecorder {
    /// An applied statement, known to exist; `Hit?` is then one byte and copies retain nothing.
    struct Hit {}
    static func hit(_ statement: CompiledStatement) -> Hit { Hit() }
    static var recordsMissingKeys: Bool { false }

    private(set) var hasDenies = false
    mutating func deny(_ hit: Hit) { hasDenies = true }
    @inline(__always) func missing(_ gap: ContextGap, in statement: CompiledStatement) {}
    @inline(__always) func deciding(_ hit: Hit) {}
    @inline(__always) func trace(_ step: DecisionTrace.Code) {}
    @inline(__always) func notApplied(_ statement: CompiledStatement, _ element: NotAppliedElement, _ request: AccessRequest) {}
}

/// Keeps the deciding statements, the steps that mattered and missing context keys: the path of
/// `Evaluator.explain`.
struct ExplanationRecorder: EvaluationRecorder {
    static func hit(_ statement: CompiledStatement) -> StatementReference { statement.reference }
    static var recordsMissingKeys: Bool { true }

    private var denies: [StatementReference] = []
    private var gaps: [MissingContextKey] = []
    private var decidingStatements = StatementList()
    private var steps: DecisionTrace

    init(_ request: AccessRequest) {
        steps = DecisionTrace(request)
    }

    var hasDenies: Bool { !denies.isEmpty }
    mutating func deny(_ hit: StatementReference) { denies.append(hit) }
    mutating func missing(_ gap: ContextGap, in statement: CompiledStatement) {
        gaps.append(MissingContextKey(key: gap.key, requirement: gap.requirement, statement: statement.reference))
    }
    mutating func deciding(_ hit: StatementReference) { decidingStatements.append(hit) }
    mutating func trace(_ step: DecisionTrace.Code) { steps.append(step) }
    @inline(__always) func notApplied(_ statement: CompiledStatement, _ element: NotAppliedElement, _ request: AccessRequest) {}

    /// The explanation of a decision whose blocking policy types are `blocked`. After an explicit
    /// Deny the Denies are the deciding statements and their policy types the blocking ones.
    func explanation(blocked: PolicyTypeSet) -> DecisionExplanation {
        var blocked = blocked
        var deciding = decidingStatements
        if !denies.isEmpty {
            for d in denies { blocked.insert(d.policyType) }
            deciding = StatementList(denies)
        }
        return DecisionExplanation(blocked: blocked, deciding: deciding, trace: steps,
                                   extras: gaps.isEmpty ? nil : DecisionExtras(missingContextKeys: gaps, givenReasons: nil))
    }
}
