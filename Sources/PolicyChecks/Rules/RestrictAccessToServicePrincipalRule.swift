import PolicyCore

/// A service principal allowed without `aws:SourceAccount`/`aws:SourceArn` can be used by any
/// account's resources (the confused deputy problem).
public struct RestrictAccessToServicePrincipalRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", severity: .medium, category: .securityWarning,
        title: "Service principal allowed without aws:SourceAccount or aws:SourceArn",
        help: "When a policy allows an AWS service principal, the service may act for any customer's resource. Pin the request's origin with aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths. A grant that lets the service write (push, delete, change the policy) is a security warning; a read-only grant, such as AWS's own Lambda image-pull example, is reported as a low-severity warning.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        var findings: [Finding] = []
        for statement in input.document.statements where statement.effect.value == .allow {
            let services = PrincipalScope.serviceNames(statement)
            guard !services.isEmpty else { continue }
            let pinned = statement.condition?.clauses.contains { clause in
                ConditionKeys.serviceSourceKeys.contains(clause.key.value.lowercased()) && CallerRestriction.of(clause) == .restricts
            } ?? false
            guard !pinned else { continue }
            let account = input.ownerAccountForExamples
            let condition = JSONSnippet.object([("StringEquals", .object([("aws:SourceAccount", .string(account))]))])
            let fixed = input.snippet(of: statement)?.setting("Condition", condition)
            // Read-only grants (pulling images) are AWS's documented pattern for Lambda and lesser risk.
            let writes = statement.action.map { a in
                ActionFacts.ecrActions.contains { action in (a.patterns.contains { ActionGlob.matches($0.value, action) } != a.isNegated) && ActionFacts.isWrite(action) }
            } ?? false
            let descriptor = writes ? Self.descriptor
                : RuleDescriptor(code: Self.descriptor.code, severity: .low, category: .warning, title: Self.descriptor.title, help: Self.descriptor.help)
            for service in services {
                findings.append(input.finding(descriptor, at: service.span, statement: statement,
                    message: "\(input.label(statement)) allows the service principal \(service.value) without a condition on aws:SourceAccount or aws:SourceArn, so the service can use this access on behalf of resources in any AWS account.",
                    remediation: "Add a condition that pins the calling resource's account (or its ARN with aws:SourceArn)" + (fixed.map { ":\n" + $0.rendered(.policy) } ?? ".")))
            }
        }
        return findings
    }
}
