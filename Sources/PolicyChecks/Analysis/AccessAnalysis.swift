import PolicyCore

/// Everything the access rules need from the evaluator for one policy, computed once: what an
/// unrelated account and an anonymous caller can do, and what each named other account and
/// organization can do.
struct AccessAnalysis: Sendable {
    static let outsiderOrganization = "o-ecrguard0outsider"

    var outsider: AccessProbe.Grant
    var anonymous: AccessProbe.Grant
    var parties: [ExternalParty]

    init(_ input: CheckInput) {
        guard let probe = AccessProbe(input) else {
            outsider = .init(); anonymous = .init(); parties = []
            return
        }
        let used = Set(input.document.statements.flatMap { s in (s.principal?.entries ?? []).compactMap { PrincipalScope.account(of: $0.value) } } + [probe.owner])
        let account = AccessProbe.unusedAccount(avoiding: used, from: "999999999990")
        let caller = ProbeContexts.Caller(account: account, arn: "arn:aws:iam::\(account):role/ecrguard-outsider",
                                          organizations: [nil, Self.outsiderOrganization])
        outsider = PrincipalIdentity(caller.arn).map { probe.grant(to: $0, as: caller) } ?? .init()
        anonymous = probe.grant(to: .anonymous, as: caller)
        parties = ExternalParty.compute(input, probe: probe, everyone: outsider)
    }
}
