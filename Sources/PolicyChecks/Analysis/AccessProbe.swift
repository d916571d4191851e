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
        let named = Set(input.document.statements.flatMap { s in (s.principal?.entries ?? []).compactMap { PrincipalScope.account(of: $0.value) } })
        owner = input.context.accountID ?? Self.unusedAccount(avoiding: named, from: "000000000000")
        let region = input.context.region ?? "us-east-1"
        let compiled = CompiledPolicy(input.document, name: input.file, kind: input.kind)
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
    }

    /// A concrete repository ARN that a Resource pattern matches (wildcards filled in).
    static func instantiate(_ pattern: String, region: String, owner: String) -> String {
        if pattern == "*" { return "arn:aws:ecr:\(region):\(owner):repository/repository" }
        var parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else { return pattern.replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x") }
        if parts[3].contains("*") || parts[3].contains("?") { parts[3] = region }
        if parts[4].contains("*") || parts[4].contains("?") { parts[4] = owner }
        var resource = parts[5]
        if resource == "*" || resource == "repository*" { resource = "repository/x" }
        parts[5] = resource.replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: "?", with: "x")
        return parts.joined(separator: ":")
    }

    static func unusedAccount(avoiding used: Set<String>, from start: String) -> String {
        func padded(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, 12 - s.count)) + s }
        var candidate = Int(start) ?? 0
        while used.contains(padded(candidate)) { candidate += 1 }
        return padded(candidate)
    }

    /// What one caller was granted: each allowed action with the context it needed and the statements that allowed it.
    struct Grant {
        var actions: [String] = []
        /// The Allow statements (by index) that granted each action.
        var statements: [Int: [String]] = [:]
        /// Context keys the first granting scenario carried (empty: granted with no context at all).
        var context: [String: ContextValue] = [:]
        var isEmpty: Bool { actions.isEmpty }
    }

    /// Actions that some Allow statement of the policy could cover (the rest are never allowed, so never evaluated).
    private var candidateActions: [String] {
        let allows = input.document.statements.filter { $0.effect.value == .allow }
        return Self.repositoryActions.filter { action in
            allows.contains { s in
                guard let a = s.action else { return false }
                let hit = a.patterns.contains { ActionGlob.matches($0.value, action) }
                return hit != a.isNegated
            }
        }
    }

    /// Which repository actions `principal` is allowed, under any of `contexts`.
    func grant(to principal: PrincipalIdentity, contexts: [RequestContext]) -> Grant {
        var grant = Grant()
        let set = principal.isIAMPrincipal ? identityPolicies : policies
        var contextChosen = false
        for action in candidateActions {
            search: for resource in resources {
                for context in contexts {
                    let decision = evaluator.evaluate(AccessRequest(principal: principal, action: action, resource: resource, context: context), set)
                    guard decision.isAllowed else { continue }
                    let indices = decision.decidingStatements.filter { $0.policyType == .resource }.map(\.index)
                    grant.actions.append(action)
                    for i in indices { grant.statements[i, default: []].append(action) }
                    if !contextChosen {
                        contextChosen = true
                        grant.context = Dictionary(uniqueKeysWithValues: context.keys.compactMap { k in context[k].map { (k, $0) } })
                    }
                    break search
                }
            }
        }
        return grant
    }
}
