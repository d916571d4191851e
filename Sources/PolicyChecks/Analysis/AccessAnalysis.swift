import PolicyCore

/// Everything the access rules need from the evaluator for one policy, computed once: what outside
/// callers (`Outsiders`) and an anonymous caller can do, and what each named other account and
/// organization can do.
struct AccessAnalysis: Sendable {
    /// What any outsider can do: the unrelated one and those built from the policy's condition values, merged.
    var outsider: AccessProbe.Grant
    var anonymous: AccessProbe.Grant
    var parties: [ExternalParty]
    /// Allow statements whose outside callers could not all be tried (a search bound was reached)
    /// and that no caller got through: exposure through them is undecided, not absent.
    var undecided: [Int] = []

    init(_ input: CheckInput) {
        guard let probe = AccessProbe(input) else {
            outsider = .init(); anonymous = .init(); parties = []
            return
        }
        let trusted = Outsiders.trusted(input.document, owner: probe.owner, organization: input.context.organizationID)
        let caller = Outsiders.unrelated(trusted: trusted)
        // The unrelated outsider's contexts serve the anonymous caller too.
        var contexts = probe.contexts(of: caller)
        var outsider = AccessProbe.identity(caller.arn).map { probe.grant(to: $0, as: &contexts) } ?? .init()
        // Statements the unrelated outsider already gets through need no other outsider.
        let untried = Outsiders.widen(&outsider, probe: probe, trusted: trusted)
        self.outsider = outsider
        anonymous = probe.grant(to: .anonymous, as: &contexts)
        var partiesUntried: Set<Int> = []
        parties = ExternalParty.compute(input, probe: probe, everyone: outsider, trusted: trusted, untried: &partiesUntried)
        let reached = Set(outsider.statements.keys).union(anonymous.statements.keys)
        undecided = untried.union(partiesUntried).subtracting(reached).sorted()
    }
}
