import PolicyCore

/// Every account and organization other than the owner that the policy names with a concrete value
/// (as principal, or in an account, ARN, source-account or organization condition), with what the
/// evaluator says each can do: callers of the account (or members of the organization) built from
/// the policy's patterns as for outsiders (`Outsiders.synthesized(party:)`).
struct ExternalParty: Sendable {
    enum Kind: Equatable { case account, organization }
    var kind: Kind
    /// The account id or organization id.
    var id: String
    /// Where the policy names it first.
    var span: SourceSpan
    var statement: Statement
    var grant: AccessProbe.Grant

    var exposure: Exposure { Exposure(actions: grant.actions) }

    /// - Parameter everyone: what any outside caller already gets; left out here (PUBLIC_ACCESS reports it).
    /// - Parameter untried: receives the statements whose callers for some party were not all tried.
    static func compute(_ input: CheckInput, probe: AccessProbe, everyone: AccessProbe.Grant, trusted: Outsiders.Trusted,
                        untried: inout Set<Int>) -> [ExternalParty] {
        let publicActions = Set(everyone.actions.map { $0.lowercased() })
        func specific(_ grant: AccessProbe.Grant) -> AccessProbe.Grant { leavingOut(publicActions, of: grant) }
        var accounts: [(String, SourceSpan, Statement, [String])] = []   // id, span, statement, principal ARNs named
        var organizations: [(String, SourceSpan, Statement)] = []
        // Every account and organization named with a concrete value, in any statement and under any
        // operator (`Outsiders.trusted`): the evaluator, not the operator, decides what each can do.
        for statement in input.document.statements {
            for entry in statement.effect.value == .allow ? statement.principal.map({ $0.isNegated ? [] : $0.entries }) ?? [] : [] {
                guard let account = PrincipalScope.account(of: entry.value), account != input.context.accountID else { continue }
                guard case .aws(let text) = entry.value else { continue }
                if let i = accounts.firstIndex(where: { $0.0 == account }) {
                    accounts[i].3.append(text)
                } else {
                    accounts.append((account, entry.span, statement, [text]))
                }
            }
            for clause in statement.condition?.clauses ?? [] {
                // The key's field, read once per clause (the keys below are `Field`s).
                guard let field = Outsiders.Field.of(clause.key.value) else { continue }
                for value in clause.values {
                    let text = value.value.text
                    // The account a condition names: as caller, as source, or in a caller ARN.
                    var named: String?
                    if field == .account || field == .sourceAccount { named = text }
                    if field == .principalARN || field == .sourceARN { named = Outsiders.Demands.arnAccount(text) }
                    if let account = named, ARN.isAccountID(account), account != input.context.accountID,
                       !accounts.contains(where: { $0.0 == account }) {
                        accounts.append((account, value.span, statement, field == .principalARN && PrincipalIdentity(text) != nil ? [text] : []))
                    }
                    if field == .organization, !ActionGlob.hasWildcard(text), !text.containsASCII("${"), !organizations.contains(where: { $0.0 == text }) {
                        organizations.append((text, value.span, statement))
                    }
                }
            }
        }
        var parties: [ExternalParty] = []
        for (account, span, statement, named) in accounts {
            let generic = "arn:aws:iam::\(account):role/ecrguard-probe"
            var grant = AccessProbe.Grant()
            for arn in ActionList.unique(named + [generic]) {
                guard let identity = PrincipalIdentity(arn) else { continue }
                let caller = ProbeContexts.Caller(account: account, arn: identity.kind == .root ? generic : arn, organizations: [nil])
                let g = probe.grant(to: identity, as: caller)
                grant.merge(g, synthesized: false)
            }
            // Callers of that account whose ARN, organization or unique id match the policy's patterns.
            // (outside every named organization: those are parties of their own)
            var others = trusted
            others.accounts.remove(account)
            // Statements the account's plain callers already get through need no other caller.
            untried.formUnion(Outsiders.widen(&grant, probe: probe, trusted: others, party: .account(account)))
            let own = specific(grant)
            if !own.isEmpty { parties.append(ExternalParty(kind: .account, id: account, span: span, statement: statement, grant: own)) }
        }
        let taken = Set(accounts.map(\.0) + [probe.owner])
        for (org, span, statement) in organizations {
            let member = AccessProbe.unusedAccount(avoiding: taken, from: firstMemberAccount)
            let caller = ProbeContexts.Caller(account: member, arn: memberARN(account: member), organizations: [org])
            guard let identity = AccessProbe.identity(caller.arn) else { continue }
            var all = probe.grant(to: identity, as: caller)
            var others = trusted
            others.organizations.remove(org)
            untried.formUnion(Outsiders.widen(&all, probe: probe, trusted: others, party: .organization(org)))
            let grant = specific(all)
            if !grant.isEmpty { parties.append(ExternalParty(kind: .organization, id: org, span: span, statement: statement, grant: grant)) }
        }
        return parties
    }

    /// The account of the member asked about for an organization, unless the policy names it.
    static let firstMemberAccount = "888888888880"

    static func memberARN(account: String) -> String { "arn:aws:iam::\(account):role/ecrguard-member" }

    /// What `grant` lets a party do besides the (lower-cased) actions any outsider gets: its actions
    /// and each statement's actions without those (statements left with none dropped), its contexts;
    /// `synthesized` is not carried over.
    static func leavingOut(_ publicActions: Set<String>, of grant: AccessProbe.Grant) -> AccessProbe.Grant {
        var g = AccessProbe.Grant()
        if publicActions.isEmpty {
            // Nothing to leave out: no action is lower-cased and looked up.
            g.actions = grant.actions
            g.statements = grant.statements.values.contains(where: \.isEmpty) ? grant.statements.filter { !$0.value.isEmpty } : grant.statements
            g.contexts = grant.contexts
            return g
        }
        g.actions = grant.actions.filter { !publicActions.contains($0.lowercased()) }
        for (i, actions) in grant.statements {
            let own = actions.filter { !publicActions.contains($0.lowercased()) }
            if !own.isEmpty { g.statements[i] = own }
        }
        g.contexts = grant.contexts
        return g
    }

    /// "account 444455556666" / "every account of organization o-a1b2c3d4e5".
    var name: String { kind == .account ? "account \(id)" : "every account of organization \(id)" }

    /// `name` beginning with a capital letter, as a sentence begins.
    var capitalizedName: String { kind == .account ? "Account \(id)" : "Every account of organization \(id)" }

    /// "(through Statement 1 ("PartnerPush"))", limited to statements granting one of `actions` when given.
    func statementsText(_ input: CheckInput, actions: [String]? = nil, besides named: Statement? = nil) -> String {
        let wanted = actions.map { Set($0.map { $0.lowercased() }) }
        let labels = grant.statements.filter { _, granted in wanted.map { w in granted.contains { w.contains($0.lowercased()) } } ?? true }
            .keys.sorted().compactMap { i in i < input.document.statements.count ? input.label(input.document.statements[i]) : nil }
        if labels.isEmpty || named.map({ labels == [input.label($0)] }) == true { return "" }
        return " (through " + Exposure.join(labels) + ")"
    }
}
