import PolicyCore

/// Under registry policy scope V2 a registry policy applies to every repository request, so a grant
/// on `repository/*` exposes every repository in the registry at once.
public struct RegistryWideExposureRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "REGISTRY_WIDE_EXPOSURE", severity: .high, category: .securityWarning,
        title: "Registry policy grants repository access on every repository",
        help: "Under registry policy scope V2 (the default for new registries) the registry permission policy applies to every ECR request in the registry. An Allow of repository actions on every repository exposes every repository, including ones created later. Grant per repository in repository policies, or limit Resource to the repositories that need it.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    /// Actions a registry policy is designed for (replication and pull-through cache).
    private static let registryActions = RegistryPolicyScope.v1Actions

    public func check(_ input: CheckInput) -> [Finding] {
        guard input.kind == .registry, input.context.registryPolicyScope != .v1 else { return [] }
        var findings: [Finding] = []
        for statement in input.document.statements where statement.effect.value == .allow {
            guard let action = statement.action, let resource = statement.resource, !resource.isNegated,
                  resource.patterns.contains(where: { Self.coversEveryRepository($0.value) }) else { continue }
            let exposed: [String]
            if action.isNegated {
                exposed = ActionFacts.ecrActions.filter { a in !action.patterns.contains { ActionGlob.matches($0.value, a) } }
            } else {
                exposed = ActionFacts.ecrActions.filter { a in action.patterns.contains { ActionGlob.matches($0.value, a) } }
            }
            let repositoryActions = exposed.filter { !Self.registryActions.contains($0.lowercased()) && ActionFacts.isRepositoryScoped($0) }
            guard !repositoryActions.isEmpty else { continue }
            let writes = repositoryActions.filter(ActionFacts.isWrite)
            let scopeNote = input.context.registryPolicyScope == nil ? " (scope V2 assumed, the default for new registries; give the registry's scope if it still uses V1)" : ""
            let who = statement.principal.map { p in p.isNegated ? "every principal not in NotPrincipal" : Exposure.list(p.entries.map { Self.describe($0.value) }, limit: 3) } ?? "its principals"
            let listed = repositoryActions.count > 6 ? repositoryActions.prefix(6).joined(separator: ", ") + " and \(repositoryActions.count - 6) more" : repositoryActions.joined(separator: ", ")
            var fixed = input.snippet(of: statement)
            let region = input.context.region ?? "REGION"
            fixed = fixed?.setting("Resource", .string("arn:aws:ecr:\(region):\(input.ownerAccountForExamples):repository/REPOSITORY-THAT-NEEDS-IT"))
            findings.append(input.finding(Self.descriptor, at: resource.span, statement: statement,
                severity: writes.isEmpty ? .medium : .high,
                message: "\(input.label(statement)) lets \(who) call \(listed) on every repository of the registry\(scopeNote): under scope V2 this applies to all current and future repositories.",
                remediation: "Limit Resource to the repositories that need this access, or grant it in their repository policies" + (fixed.map { ":\n" + $0.rendered(.policy) } ?? ".")))
        }
        return findings
    }

    static func describe(_ entry: PrincipalEntry) -> String {
        switch entry {
        case .everyone: "everyone"
        case .aws(let v), .service(let v), .federated(let v), .canonicalUser(let v): v
        }
    }

    /// `*`, `arn:aws:ecr:…:repository/*` and similar patterns whose repository name is only a wildcard.
    static func coversEveryRepository(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        let parts = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return pattern.hasSuffix(":*") }
        let resource = parts[5]
        return resource == "*" || resource == "repository/*" || resource == "repository*"
    }
}
