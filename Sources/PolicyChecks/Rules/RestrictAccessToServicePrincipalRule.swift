import PolicyCore

/// A service principal allowed without `aws:SourceAccount`/`aws:SourceArn` can be used by any
/// account's resources (the confused deputy problem). A statement for Principal `*` whose condition
/// only AWS service principals meet (`aws:PrincipalIsAWSService` true, `aws:PrincipalServiceName`)
/// allows every service alike; it is reported here, not as public access.
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
            // Services named in Principal, or, for a statement open to everyone, conditions only AWS service principals meet.
            var services = PrincipalScope.serviceNames(statement).map { (name: $0.value, span: $0.span, named: true) }
            if PrincipalScope.coversEveryone(statement), let clause = statement.condition?.clauses.first(where: Self.requiresServicePrincipal) {
                services.append((name: "", span: clause.key.span, named: false))
            }
            guard !services.isEmpty else { continue }
            let clauses = statement.condition?.clauses ?? []
            let pinned = clauses.contains { clause in
                ConditionKeys.serviceSourceKeys.contains(clause.key.value.lowercased()) && CallerRestriction.of(clause) == .restricts
            }
            guard !pinned else { continue }
            // The fix keeps every other condition (the service requirement above all) and pins the source account.
            let kept = clauses.filter { !ConditionKeys.serviceSourceKeys.contains($0.key.value.lowercased()) }
            let pin = JSONSnippet.object([("StringEquals", .object([("aws:SourceAccount", .string(input.ownerAccountForExamples))]))])
            let fixed = input.snippet(of: statement)?.setting("Condition", BroadGrant.condition(kept, adding: pin))
            // Read-only grants (pulling images) are AWS's documented pattern for Lambda and lesser risk.
            let writes = statement.action.map { a in
                ActionFacts.ecrActions.contains { action in (a.patterns.contains { ActionGlob.matches($0.value, action) } != a.isNegated) && ActionFacts.isWrite(action) }
            } ?? false
            let descriptor = writes ? Self.descriptor
                : RuleDescriptor(code: Self.descriptor.code, severity: .low, category: .warning, title: Self.descriptor.title, help: Self.descriptor.help)
            for service in services {
                let who = service.named ? "the service principal \(service.name)"
                    : "every AWS service principal (its condition \(statement.condition?.clauses.first(where: Self.requiresServicePrincipal)?.key.value ?? "") admits only services)"
                findings.append(input.finding(descriptor, at: service.span, statement: statement,
                    message: "\(input.label(statement)) allows \(who) without a condition on aws:SourceAccount or aws:SourceArn, so the service can use this access on behalf of resources in any AWS account.",
                    remediation: "Add a condition that pins the calling resource's account (or its ARN with aws:SourceArn)" + (fixed.map { ":\n" + $0.rendered(.policy) } ?? ".")))
            }
        }
        return findings
    }

    /// Whether a clause can hold only for a request made by an AWS service principal:
    /// `aws:PrincipalIsAWSService` true, or a service name that must be present.
    static func requiresServicePrincipal(_ clause: ConditionClause) -> Bool {
        let op = clause.op.value
        guard !op.isNegated, !op.ifExists, op.setQualifier != .forAllValues, !clause.values.isEmpty else { return false }
        switch clause.key.value.lowercased() {
        case "aws:principalisawsservice":
            return op.base == .bool && clause.values.allSatisfy { $0.value.text.lowercased() == "true" }
        case "aws:principalservicename", "aws:principalservicenameslist":
            return op.base.family == .string
        default:
            return false
        }
    }
}
