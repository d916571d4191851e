import PolicyCore

/// A service principal allowed without `aws:SourceAccount`/`aws:SourceArn` can be used by any
/// account's resources (the confused deputy problem).
public struct RestrictAccessToServicePrincipalRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL", severity: .medium, category: .securityWarning,
        title: "Service principal allowed without aws:SourceAccount or aws:SourceArn",
        help: "When a policy allows an AWS service principal, the service may act for any customer's resource. Pin the request's origin with aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths.")
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
            for service in services {
                findings.append(input.finding(Self.descriptor, at: service.span, statement: statement,
                    message: "\(input.label(statement)) allows the service principal \(service.value) without a condition on aws:SourceAccount or aws:SourceArn, so the service can use this access on behalf of resources in any AWS account.",
                    remediation: "Add a condition that pins the calling resource's account (or its ARN with aws:SourceArn)" + (fixed.map { ":\n" + $0.rendered() } ?? ".")))
            }
        }
        return findings
    }
}
