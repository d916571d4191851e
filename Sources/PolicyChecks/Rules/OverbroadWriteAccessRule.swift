import PolicyCore

/// Push, delete or policy management granted to another account or to a whole organization.
public struct OverbroadWriteAccessRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "OVERBROAD_WRITE_ACCESS", severity: .high, category: .securityWarning,
        title: "Write access granted to another account or a whole organization",
        help: "Pushing images, deleting them or changing the repository policy from outside the owner's account means anyone with the right permissions in that account, or in any account of the organization, can replace what your workloads run. Grant write access to named roles (a CI role), and keep other accounts and the organization at pull.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        input.access.parties.compactMap { party in
            // A named account is only known to be another account when the owner is known.
            guard party.kind == .organization || input.context.accountID != nil else { return nil }
            let exposure = party.exposure
            let writes = exposure.overbroadWrites
            guard !writes.isEmpty else { return nil }
            let who = party.kind == .organization
                ? "every principal in every account of organization \(party.id)"
                : "account \(party.id)"
            // The other account or the organization keeps the rest (pull); writes go to a role of the owner's account.
            let written = Set(writes.map { $0.lowercased() })
            let others = (party.grant.statements[party.statement.index] ?? []).filter { !written.contains($0.lowercased()) }
            var fixed = input.snippet(of: party.statement)
            if !others.isEmpty {
                fixed = fixed?.setting("Action", JSONSnippet.strings(others), replacing: party.statement.action?.isNegated == true ? "NotAction" : "Action")
            } else {
                let role = "arn:aws:iam::\(input.ownerAccountForExamples):role/CI-ROLE"
                fixed = fixed?.setting("Principal", .object([("AWS", .string(role))]), replacing: party.statement.principal?.isNegated == true ? "NotPrincipal" : "Principal")
                if party.kind == .organization { fixed = fixed?.removing("Condition") }
            }
            return input.finding(Self.descriptor, at: party.span, statement: party.statement,
                severity: writes.contains { $0.lowercased() == "ecr:setrepositorypolicy" || $0.lowercased() == "ecr:deleterepositorypolicy" } ? .critical : .high,
                message: "\(input.label(party.statement)) lets \(who) \(exposure.writeSummary)\(party.statementsText(input, actions: writes, besides: party.statement)): write access from outside the owner's account.",
                remediation: (others.isEmpty ? "Grant write access only to the role of your account that needs it (for example a CI role)"
                    : "Keep \(party.kind == .account ? "the other account" : "the organization") at \(Exposure(actions: others).summary), and grant write access only to the role of your account that needs it (for example a CI role) in a statement of its own")
                    + (fixed.map { ":\n" + $0.rendered(.policy) } ?? "."))
        }
    }
}
