/// A policy document compiled once into matchers; evaluating it allocates nothing on the common
/// path (no Deny hit, no missing context key).
public struct CompiledPolicy: Sendable {
    public let name: String
    public let kind: PolicyKind
    public let type: PolicyType
    let statements: [CompiledStatement]

    /// - Parameters:
    ///   - name: how explanations name the policy (a file name, `repository policy`, ...).
    ///   - kind: where it is attached; repository policies imply their repository as `Resource`.
    public init(_ document: PolicyDocument, name: String, kind: PolicyKind) {
        self.name = name
        self.kind = kind
        self.type = Self.type(of: kind)
        let variables = document.supportsPolicyVariables
        statements = document.statements.map { CompiledStatement($0, variablesEnabled: variables, kind: kind) }
    }

    public static func type(of kind: PolicyKind) -> PolicyType {
        switch kind {
        case .identity: .identity
        case .repository, .registry: .resource
        case .scp: .scp
        case .rcp: .rcp
        case .session: .session
        case .endpoint: .endpoint
        case .boundary: .boundary
        }
    }

    /// Number of statements.
    public var statementCount: Int { statements.count }

    func reference(_ s: CompiledStatement) -> StatementReference {
        StatementReference(policyName: name, policyType: type, effect: s.effect, index: s.index, sid: s.sid, span: s.span)
    }

    /// Matches every statement against the request. The principal is checked only for kinds whose
    /// statements name one.
    func match(_ request: AccessRequest, hasBoundary: Bool, into hits: inout PolicyHits, gaps: inout [MissingContextKey]) {
        let checksPrincipal = kind.requiresPrincipal
        for s in statements {
            guard s.action?.applies(to: request.actionKey) ?? false else { continue }
            var missing: [ContextGap] = []
            defer {
                if !missing.isEmpty {
                    let ref = reference(s)
                    for m in missing { gaps.append(MissingContextKey(key: m.key, requirement: m.requirement, statement: ref)) }
                }
            }
            if let r = s.resource, !r.applies(to: request, missing: &missing) { continue }
            var grant = ResourceGrant.direct
            if checksPrincipal {
                guard let p = s.principal else { continue }
                if p.isNegated {
                    // A Deny with NotPrincipal in a resource policy always applies to a principal
                    // with a permissions boundary (IAM User Guide, "NotPrincipal").
                    let boundaryOverride = s.effect == .deny && hasBoundary && (kind == .repository || kind == .registry)
                    if !boundaryOverride && p.excludes(request.principal) { continue }
                    grant = PrincipalMatcher.grant(.everyone, request.principal)
                } else {
                    grant = p.grant(for: request.principal)
                    if grant == .none { continue }
                }
            }
            var holds = true
            for c in s.conditions where !c.evaluate(request, missing: &missing) { holds = false; break }
            guard holds else { continue }
            switch s.effect {
            case .deny:
                hits.denies.append(reference(s))
            case .allow:
                if grant > hits.grant || hits.allow == nil {
                    hits.allow = reference(s)
                    hits.grant = max(hits.grant, grant)
                }
            }
        }
    }
}

/// What the statements of one policy did for one request.
struct PolicyHits {
    var allow: StatementReference?
    var grant: ResourceGrant = .none
    var denies: [StatementReference] = []
}

struct CompiledStatement: Sendable {
    let index: Int
    let sid: String?
    let span: SourceSpan
    let effect: Effect
    let principal: PrincipalMatcher?
    /// Nil when the statement has no `Action`/`NotAction` (invalid): it applies to nothing.
    let action: ActionMatcher?
    /// Nil when the statement has no `Resource`: the policy's own resource (repository policies).
    let resource: ResourceMatcher?
    let conditions: [ConditionMatcher]

    init(_ s: Statement, variablesEnabled: Bool, kind: PolicyKind) {
        index = s.index
        sid = s.sid?.value
        span = s.span
        effect = s.effect.value
        principal = s.principal.map(PrincipalMatcher.init)
        action = s.action.map(ActionMatcher.init)
        resource = s.resource.map { ResourceMatcher($0, variablesEnabled: variablesEnabled) }
        conditions = s.condition?.clauses.map { ConditionMatcher($0, variablesEnabled: variablesEnabled) } ?? []
    }
}
