import PolicyCore

/// Under registry policy scope V1, ECR accepts only three actions in a registry permission policy.
public struct RegistryV1UnsupportedActionRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "REGISTRY_POLICY_V1_UNSUPPORTED_ACTION", severity: .high, category: .error,
        title: "Registry policy uses an action that scope V1 rejects",
        help: "With REGISTRY_POLICY_SCOPE V1, a registry permission policy may only use ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository; PutRegistryPolicy rejects anything else. Remove the action, or switch the registry to V2 knowing it then applies to every request.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        guard input.kind == .registry, input.context.registryPolicyScope == .v1 else { return [] }
        var findings: [Finding] = []
        let allowed = ActionFacts.registryV1Actions
        for statement in input.document.statements {
            guard let action = statement.action else { continue }
            if action.isNegated {
                findings.append(input.finding(Self.descriptor, at: action.span, statement: statement,
                    message: "\(input.label(statement)) uses NotAction, which covers actions outside the three that registry policy scope V1 supports (\(allowed.joined(separator: ", "))); ECR rejects the policy.",
                    remediation: "List the supported actions explicitly:\n\"Action\": " + JSONSnippet.strings(allowed).rendered(.policy)))
                continue
            }
            for pattern in action.patterns {
                let text = pattern.value
                let isSupported = allowed.contains { $0.caseInsensitiveCompare(text) == .orderedSame }
                guard !isSupported else { continue }
                let covered = allowed.filter { ActionGlob.matches(text, $0) }
                let detail = covered.isEmpty
                    ? "\(text) is not one of the actions registry policy scope V1 supports"
                    : "\(text) covers more than the actions registry policy scope V1 supports"
                findings.append(input.finding(Self.descriptor, at: pattern.span, statement: statement,
                    message: "\(input.label(statement)): \(detail) (\(allowed.joined(separator: ", "))); ECR rejects the policy.",
                    remediation: "Use only the supported actions" + (covered.isEmpty ? "" : ":\n\"Action\": " + JSONSnippet.strings(covered).rendered(.policy))
                        + (covered.isEmpty ? ", or move this grant to the repository policies that need it." : "")))
            }
        }
        return findings
    }
}
