import PolicyCore

/// Asks the evaluator what a representative caller can do under the policy being checked.
///
/// The caller's own account is assumed to allow it everything (an identity policy `Allow * *`), so
/// the answer is what *this* policy lets in: the worst case a resource owner must plan for. Context
/// keys are not known in advance, so each question is asked under a set of request contexts a
/// caller could present (see `ProbeContexts`); access granted under any of them counts.
struct AccessProbe {
    let input: CheckInput
    let policies: PolicySet
    let identityPolicies: PolicySet
    /// Repository ARNs the policy is asked about (one for a repository policy; one per Resource shape for a registry policy).
    let resources: [String]
    let owner: String
    /// `resources` with their accounts, parsed once.
    private let resourceTargets: [(arn: String, account: String)]
    private let evaluator = Evaluator()

    /// Repository actions a resource policy can grant, in catalog order.
    static let repositoryActions = ActionFacts.ecrActions.filter(ActionFacts.isRepositoryScoped)

    static let allowEverything: CompiledPolicy? = {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#
        return PolicyParser.parse(text, kind: .identity, file: "ecrguard:caller-identity").document
            .map { CompiledPolicy($0, name: "caller's identity policy (assumed to allow everything)", kind: .identity) }
    }()

    init?(_ input: CheckInput) {
        guard input.kind == .repository || input.kind == .registry, let allow = Self.allowEverything else { return nil }
        self.input = input
        let compiled = input.compiledPolicy
        let groups = Self.groupActions(input.document, compiled: compiled, kind: input.kind)
        actionGroups = groups
        groupKeys = groups.map { group in ProbeContexts.Keys(group.statements.map { input.document.statements[$0] }) }
        outlines = input.document.statements.map(PrincipalOutline.init)
        allows = input.document.statements.map { $0.effect.value == .allow }
        denyEscapes = Outsiders.DenyEscapes(input.document, outlines: outlines)
        if let account = input.context.accountID {
            owner = account
        } else {
            // An account the policy does not name stands for the unknown owner.
            let named = Set(input.document.statements.flatMap { s in (s.principal?.entries ?? []).compactMap { PrincipalScope.account(of: $0.value) } })
            owner = Self.unusedAccount(avoiding: named, from: "000000000000")
        }
        let region = input.context.region ?? "us-east-1"
        if input.kind == .repository {
            policies = PolicySet(identity: [], resource: compiled)
            identityPolicies = PolicySet(identity: [allow], resource: compiled)
            resources = ["arn:aws:ecr:\(region):\(owner):repository/\(input.context.repositoryName ?? "repository")"]
        } else {
            let scope = input.context.registryPolicyScope ?? .v2
            policies = PolicySet(identity: [], registry: compiled, registryPolicyScope: scope)
            identityPolicies = PolicySet(identity: [allow], registry: compiled, registryPolicyScope: scope)
            var arns: [String] = []
            for statement in input.document.statements where statement.effect.value == .allow {
                for pattern in statement.resource?.patterns ?? [] {
                    let arn = Self.instantiate(pattern.value, region: region, owner: owner)
                    if !arns.contains(arn) { arns.append(arn) }
                }
            }
            resources = arns.isEmpty ? ["arn:aws:ecr:\(region):\(owner):repository/repository"] : Array(arns.prefix(4))
        }
        let ownerAccount = owner
        resourceTargets = resources.map { (arn: $0, account: ARN($0)?.account ?? ownerAccount) }
    }

    /// A concrete repository ARN that a Resource pattern matches (wildcards filled in).
    static func instantiate(_ pattern: String, region: String, owner: String) -> String {
        if pattern == "*" { return "arn:aws:ecr:\(region):\(owner):repository/repository" }
        var parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else { return pattern.replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x") }
        if ActionGlob.hasWildcard(parts[3]) { parts[3] = region }
        if ActionGlob.hasWildcard(parts[4]) { parts[4] = owner }
        var resource = parts[5]
        if resource == "*" || resource == "repository*" { resource = "repository/x" }
        parts[5] = resource.replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x")
        return parts.joined(separator: ":")
    }

    /// `PrincipalIdentity(arn)`. The ARNs of the unrelated outsider and of an organization's member
    /// in their usual accounts (most policies name neither account) are parsed once per process.
    static func identity(_ arn: String) -> PrincipalIdentity? {
        for (text, identity) in usualIdentities where text == arn { return identity }
        return PrincipalIdentity(arn)
    }

    private static let usualIdentities: [(String, PrincipalIdentity?)] =
        [Outsiders.unrelatedARN(account: Outsiders.firstUnrelatedAccount), ExternalParty.memberARN(account: ExternalParty.firstMemberAccount)]
            .map { ($0, PrincipalIdentity($0)) }

    static func unusedAccount(avoiding used: Set<String>, from start: String) -> String {
        // A start of 12 digits is its own padded number: when nobody uses it, it is the answer.
        if start.utf8.count == 12, start.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), !used.contains(start) {
            return start
        }
        func padded(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 12 - s.count)) + s }
        var candidate = Int(start) ?? 0
        while used.contains(padded(candidate)) { candidate += 1 }
        return padded(candidate)
    }

    /// What one caller was granted: each allowed action with the context it needed and the statements that allowed it.
    struct Grant: Sendable {
        var actions: [String] = []
        /// The Allow statements (by index) that granted each action.
        var statements: [Int: [String]] = [:]
        /// Per statement (index): the context keys of the first request it allowed (empty: no key at all).
        var contexts: [Int: [String: ContextValue]] = [:]
        /// Statements (by index) only a caller built from the policy's condition values got through.
        var synthesized: Set<Int> = []
        var isEmpty: Bool { actions.isEmpty }

        /// Adds what another caller was granted; `synthesized` marks statements new to this grant as such.
        mutating func merge(_ other: Grant, synthesized: Bool) {
            guard !other.isEmpty else { return }
            actions = AccessProbe.inCatalogOrder(actions + other.actions)
            for (i, more) in other.statements {
                if statements[i] == nil, synthesized { self.synthesized.insert(i) }
                statements[i] = ActionList.unique((statements[i] ?? []) + more)
                if contexts[i] == nil { contexts[i] = other.contexts[i] }
            }
        }
    }

    /// Actions that some Allow statement could cover, grouped so that actions every statement
    /// treats alike (same statements match them, same registry-scope treatment) are evaluated once:
    /// the evaluator's answer depends on the action only through which statements match it.
    struct ActionGroup: Sendable {
        var actions: [String]
        /// The actions' positions in `repositoryActions`.
        var positions: [Int]
        /// Indices of the statements (Allow and Deny) whose action element matches these actions.
        var statements: [Int]
    }
    private let actionGroups: [ActionGroup]
    /// The condition keys each group's statements test (`actionGroups` order).
    private let groupKeys: [ProbeContexts.Keys]

    /// `repositoryActions` looked up once among the evaluator's known actions.
    private static let repositoryActionNames = ActionNames(repositoryActions)

    /// Whether a registry policy under V1 scope applies to each of `repositoryActions`.
    private static let repositoryActionIsV1: [Bool] = repositoryActions.map { RegistryPolicyScope.v1Actions.contains($0.lowercased()) }

    /// The position of each name in `repositoryActions` (the catalog's names are unique).
    private static let repositoryActionPositions: [String: Int] =
        Dictionary(repositoryActions.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

    /// `repositoryActions.filter(Set(actions).contains)`: the repository actions among `actions`,
    /// each once, in catalog order, found by position instead of hashing every catalog name.
    static func inCatalogOrder(_ actions: [String]) -> [String] {
        var granted = [Bool](repeating: false, count: repositoryActions.count)
        for action in actions {
            if let position = repositoryActionPositions[action] { granted[position] = true }
        }
        return inCatalogOrder(granted)
    }

    /// The repository actions whose flag is set, in catalog order.
    private static func inCatalogOrder(_ granted: [Bool]) -> [String] {
        repositoryActions.indices.filter { granted[$0] }.map { repositoryActions[$0] }
    }

    /// The groups, from the statements the evaluator itself finds covering each action (the
    /// compiled policy's action index), so the grouping cannot disagree with the evaluation.
    static func groupActions(_ document: PolicyDocument, compiled: CompiledPolicy, kind: PolicyKind) -> [ActionGroup] {
        let allows = document.statements.map { $0.effect.value == .allow }
        let covering = compiled.statementsCovering(repositoryActionNames)
        var groups: [ActionGroup] = []
        var groupIsV1: [Bool] = []
        for (position, matched) in covering.enumerated() where matched.contains(where: { $0 < allows.count && allows[$0] }) {
            // Actions the same statements match (and, for a registry policy, in the same scope) decide alike.
            let isV1 = kind == .registry && repositoryActionIsV1[position]
            if let g = groups.indices.first(where: { groupIsV1[$0] == isV1 && groups[$0].statements == matched }) {
                groups[g].actions.append(repositoryActions[position])
                groups[g].positions.append(position)
            } else {
                groups.append(ActionGroup(actions: [repositoryActions[position]], positions: [position], statements: matched))
                groupIsV1.append(isV1)
            }
        }
        return groups
    }

    /// Per statement, from its Principal: whether it may name any caller (a wildcard, `*` or
    /// NotPrincipal: left to the evaluator), and which accounts and ARNs it names.
    struct PrincipalOutline: Sendable {
        var open: Bool
        var accounts: Set<String>
        var arns: Set<String>

        init(_ statement: Statement) {
            guard let principal = statement.principal, !principal.isNegated else {
                open = true; accounts = []; arns = []
                return
            }
            var open = false, accounts = Set<String>(), arns = Set<String>()
            for entry in principal.entries {
                switch entry.value {
                case .everyone:
                    open = true
                case .aws(let text):
                    if ActionGlob.hasWildcard(text) { open = true }
                    if let account = PrincipalScope.account(of: entry.value) { accounts.insert(account) }
                    arns.insert(text)
                default:
                    continue
                }
            }
            self.open = open
            self.accounts = accounts
            self.arns = arns
        }

        /// Whether the statement can apply to the caller at all, judged on its Principal alone (a
        /// cheap filter before the evaluator; anything not clearly excluded is left to the evaluator).
        func mayApply(to caller: PrincipalIdentity) -> Bool {
            if open { return true }
            guard let account = caller.account else { return false }
            return accounts.contains(account) || arns.contains(caller.arn)
        }
    }
    private let outlines: [PrincipalOutline]
    /// Per statement: whether it is an Allow (read for every group of every caller asked about).
    private let allows: [Bool]
    /// The Deny statements outsiders must get around, and how (the same for every party asked about).
    let denyEscapes: Outsiders.DenyEscapes

    /// The request contexts one caller presents for each action group, built when a group first
    /// needs them: a caller asked about for several principals (the unrelated outsider, then an
    /// anonymous caller) builds them once.
    struct CallerContexts {
        let caller: ProbeContexts.Caller
        fileprivate var byGroup: [[RequestContext]?]
    }

    /// An empty `CallerContexts` of `caller` for this probe's groups.
    func contexts(of caller: ProbeContexts.Caller) -> CallerContexts {
        CallerContexts(caller: caller, byGroup: Array(repeating: nil, count: actionGroups.count))
    }

    /// Which repository actions `principal` is allowed, under any request context `caller` could present.
    func grant(to principal: PrincipalIdentity, as caller: ProbeContexts.Caller) -> Grant {
        var contexts = contexts(of: caller)
        return grant(to: principal, as: &contexts)
    }

    /// `grant(to:as:)` with the caller's contexts kept in `caller` (filled as groups need them).
    func grant(to principal: PrincipalIdentity, as caller: inout CallerContexts) -> Grant {
        var grant = Grant()
        var granted = [Bool](repeating: false, count: Self.repositoryActions.count)
        let set = principal.isIAMPrincipal ? identityPolicies : policies
        for g in actionGroups.indices {
            guard actionGroups[g].statements.contains(where: { allows[$0] && outlines[$0].mayApply(to: principal) }) else { continue }
            let group = actionGroups[g]
            let contexts: [RequestContext]
            if let built = caller.byGroup[g] {
                contexts = built
            } else {
                contexts = ProbeContexts.contexts(for: caller.caller, keys: groupKeys[g])
                caller.byGroup[g] = contexts
            }
            search: for resource in resourceTargets {
                for context in contexts {
                    let request = AccessRequest(principal: principal, action: group.actions[0], resource: resource.arn,
                                                resourceAccount: resource.account, context: context)
                    // Most requests are refused: only an allowed one is explained (for its deciding statements).
                    guard evaluator.outcome(request, set) == .allowed else { continue }
                    let indices = evaluator.explain(request, set).decidingStatements.filter { $0.policyType == .resource }.map(\.index)
                    for position in group.positions { granted[position] = true }
                    for i in indices {
                        grant.statements[i, default: []] += group.actions
                        if grant.contexts[i] == nil {
                            grant.contexts[i] = Dictionary(uniqueKeysWithValues: context.keys.compactMap { k in context[k].map { (k, $0) } })
                        }
                    }
                    break search
                }
            }
        }
        grant.actions = Self.inCatalogOrder(granted)
        return grant
    }
}
