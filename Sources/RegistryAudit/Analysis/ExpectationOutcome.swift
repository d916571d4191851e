import PolicyCore

/// One checked expectation: a principal and capability on a repository, or a replication route.
public struct ExpectationOutcome: Sendable {
    /// Unique and readable: `ci can push production/employee-api`.
    public var name: String
    public var principal: String?
    public var repository: String
    public var capability: String
    /// `allowed` or `denied` for access; `arrives` or `does not arrive` for replication.
    public var expected: String
    /// `allowed`, `implicitDeny`, `explicitDeny`; `arrives`, `failsSilently`, `unknown`, `notReplicated`.
    public var actual: String
    public var passed: Bool
    public var explanation: String
    public var decidingStatements: [StatementReference]
    public var location: ManifestLocation
}

/// Checks the manifest's expectations against the evaluator's decisions and the replication routes.
struct ExpectationEvaluation {
    let model: RegistryModel
    let routes: [ReplicationRoute]

    func outcomes() -> [ExpectationOutcome] {
        var results: [ExpectationOutcome] = []
        let resolver = RepositoryResolver(model.input.manifest)
        for expectation in model.input.manifest.expectations {
            switch expectation {
            case .access(let e):
                guard let p = model.principalIndex(named: e.principal) else { continue }
                for reference in e.repositories {
                    guard case .success(let (registry, repository)) = resolver.resolve(reference),
                          let r = model.repositoryIndex(registry: registry, name: repository.name) else { continue }
                    for (expected, list) in [(true, e.can), (false, e.cannot)] {
                        for item in list {
                            results.append(access(p, r, item.capability, expectAllowed: expected, at: item.location))
                        }
                    }
                }
            case .replication(let e):
                guard case .success(let (registry, repository)) = resolver.resolve(e.repository) else { continue }
                results.append(replication(registry, repository, e))
            }
        }
        return results
    }

    private func access(_ p: Int, _ r: Int, _ capability: Capability, expectAllowed: Bool, at location: ManifestLocation) -> ExpectationOutcome {
        let decision = model.explain(principal: p, repository: r, capability: capability)
        let principal = model.principalNames[p], repository = model.repositories[r].label
        let passed = decision.isAllowed == expectAllowed
        let verb = expectAllowed ? "can" : "cannot"
        let explanation = CapabilityExplanation(decision).summary
        return ExpectationOutcome(name: "\(principal) \(verb) \(capability.rawValue) \(repository)", principal: principal, repository: repository,
                                  capability: capability.rawValue, expected: expectAllowed ? "allowed" : "denied", actual: decision.outcome.rawValue,
                                  passed: passed, explanation: (passed ? "" : "expected \(principal) \(verb) \(capability.rawValue) \(repository), but ") + explanation,
                                  decidingStatements: CapabilityExplanation(decision).decidingStatements, location: location)
    }

    private func replication(_ registry: RegistryManifest, _ repository: RepositoryManifest, _ e: ReplicationExpectation) -> ExpectationOutcome {
        let route = routes.first { $0.source.account == registry.account && $0.source.region == registry.region
            && $0.repository.name == repository.name && $0.destination == e.destination }
        let actual = route.map(\.status.rawValue) ?? "notReplicated"
        let arrives = route?.status == .arrives
        let explanation = route?.reason ?? "no replication rule of registry \(registry.name) sends \(repository.name) to \(e.destination.label) (no rule with that destination, or its filters do not match)"
        let label = "\(registry.name)/\(repository.name)"
        return ExpectationOutcome(name: "\(label) \(e.arrives ? "replicates" : "does not replicate") to \(e.destination.label)", principal: nil,
                                  repository: label, capability: Capability.replicate.rawValue,
                                  expected: e.arrives ? "arrives" : "does not arrive", actual: actual, passed: arrives == e.arrives,
                                  explanation: explanation, decidingStatements: route?.decisions.flatMap(\.decision.decidingStatements) ?? [],
                                  location: e.location)
    }
}

/// A capability decision in words: which action decided it and which statements.
public struct CapabilityExplanation: Sendable {
    public let decision: CapabilityDecision

    public init(_ decision: CapabilityDecision) { self.decision = decision }

    /// The required actions that were not allowed (empty when allowed).
    public var failingActions: [CapabilityDecision.ActionDecision] {
        decision.actions.filter { $0.step.required && $0.decision.map { !$0.isAllowed } ?? false }
    }

    /// For a denial: the statements of the failing actions (the Denies, or the Allows that were not
    /// enough); for an allow: the Allows of every required action.
    public var decidingStatements: [StatementReference] {
        let relevant = decision.isAllowed ? decision.actions.filter(\.step.required) : failingActions
        var seen: Set<String> = [], out: [StatementReference] = []
        for a in relevant {
            for s in a.decision?.decidingStatements ?? [] where seen.insert("\(s.policyName)#\(s.index)").inserted { out.append(s) }
        }
        return out
    }

    public var summary: String {
        let capability = decision.capability.rawValue
        switch decision.outcome {
        case .allowed:
            let statements = decidingStatements.map(Self.describe).joined(separator: "; ")
            return "\(capability) is allowed" + (statements.isEmpty ? "" : " by " + statements)
        case .explicitDeny, .implicitDeny:
            let parts = failingActions.map { a -> String in
                let d = a.decision!
                if d.outcome == .explicitDeny {
                    let denies = d.decidingStatements.filter { $0.effect == .deny }.map(Self.describe).joined(separator: "; ")
                    return "\(a.step.action) is explicitly denied by \(denies)"
                }
                let why = d.reasons.last ?? "no policy allows it"
                return "\(a.step.action) is not allowed (\(why))"
            }
            var text = "\(capability) is denied: " + parts.joined(separator: "; ")
            let missing = decision.missingContextKeys.map(\.key)
            if !missing.isEmpty {
                text += " [conditions referred to context keys the simulation did not carry: \(Array(Set(missing)).sorted().joined(separator: ", "))]"
            }
            return text
        }
    }

    static func describe(_ s: StatementReference) -> String {
        "\(s.policyName) Statement[\(s.index)]" + (s.sid.map { " \"\($0)\"" } ?? "") + " (line \(s.span.start.line))"
    }
}
