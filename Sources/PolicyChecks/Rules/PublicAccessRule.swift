import PolicyCore

/// Any principal of any AWS account (or an anonymous caller) can reach the repository.
///
/// Decided with the evaluator, not by patterns: outside callers (`Outsiders`: an unrelated one, and
/// ones whose account, organization, ARN, unique id or VPC match the policy's own condition patterns
/// without being trusted) and an anonymous caller ask for every repository action under every request
/// context they could present (`ProbeContexts`). A Deny for everyone (AWS's "deny all" example)
/// grants nothing and is not public; an Allow for `*` restricted to the organization is not public;
/// an Allow whose conditions some outsider satisfies is, whether through `StringNotEquals`, `IfExists`
/// or a wildcard such as `"aws:PrincipalAccount": "1*"`. Conditions only AWS service principals meet
/// (`aws:PrincipalIsAWSService` true) are not public (RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL).
public struct PublicAccessRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "PUBLIC_ACCESS", severity: .critical, category: .securityWarning,
        title: "Policy grants access to any AWS account",
        help: "A private ECR repository is public when any authenticated principal of any AWS account can use it: an Allow for Principal \"*\", {\"AWS\": \"*\"} or NotPrincipal whose conditions some caller outside the owner's account, organization and the accounts the policy names can meet, such as a wildcard (\"aws:PrincipalAccount\": \"1*\") or a negated condition. Severity follows what is exposed: policy management, push and delete are critical, pull is high, metadata is medium. Restrict the caller with aws:PrincipalOrgID or aws:PrincipalAccount, or name the principals.")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        let access = input.access
        let authenticated = access.outsider, anonymous = access.anonymous
        guard !authenticated.isEmpty || !anonymous.isEmpty else { return [] }

        var findings: [Finding] = []
        let indices = Set(authenticated.statements.keys).union(anonymous.statements.keys).sorted()
        for index in indices {
            guard index < input.document.statements.count else { continue }
            let statement = input.document.statements[index]
            let actions = ActionList.unique((authenticated.statements[index] ?? []) + (anonymous.statements[index] ?? []))
            let exposure = Exposure(actions: actions)
            let who = authenticated.statements[index] != nil
                ? "any AWS principal in any account" + (anonymous.statements[index] != nil ? ", and anonymous callers," : "")
                : "anonymous callers"
            let grant = authenticated.statements[index] != nil ? authenticated : anonymous
            let context = grant.contexts[index] ?? [:]
            let chosen = context.filter { !ConditionKeys.isCallerIdentifying($0.key) }
            let how: String
            if statement.condition?.clauses.isEmpty ?? true {
                how = "No condition restricts the caller."
            } else if authenticated.synthesized.contains(index) && anonymous.statements[index] == nil {
                let tested = Set(statement.condition?.clauses.map { $0.key.value.lowercased() } ?? [])
                let shown = context.filter { tested.contains($0.key.lowercased()) }
                how = "Its conditions admit accounts nobody named: a request from an outside caller"
                    + (shown.isEmpty ? "" : " carrying \(Exposure.describe(shown))") + " is allowed."
            } else if chosen.isEmpty {
                let tested = Set(statement.condition?.clauses.map { $0.key.value.lowercased() } ?? [])
                var from = "an unrelated account"
                if tested.contains("aws:principalorgid") {
                    from += context.keys.contains { $0.lowercased() == "aws:principalorgid" } ? " in another organization" : " outside any organization"
                } else if tested.contains("aws:sourceip") {
                    from += " from any address"
                }
                how = "Its conditions do not restrict the caller: a request from \(from) is allowed."
            } else {
                how = "Its conditions do not restrict the caller: a request from an unrelated account carrying \(Exposure.describe(chosen)) is allowed."
            }
            findings.append(input.finding(Self.descriptor, at: statement.principal?.span ?? statement.span, statement: statement,
                severity: exposure.severity,
                message: "\(input.label(statement)) lets \(who) \(exposure.summary)\(input.kind == .registry ? " in every repository the statement covers" : ""). \(how)",
                remediation: Self.remediation(input, statement, granted: actions)))
        }
        return findings
    }

    /// The statement restricted to the owner's organization (or account). Writes that would then be
    /// organization-wide (OVERBROAD_WRITE_ACCESS) are left out of it and go to a named role instead,
    /// so the suggested statement passes the gate itself.
    static func remediation(_ input: CheckInput, _ statement: Statement, granted: [String]) -> String {
        var what = input.context.organizationID == nil
            ? "Restrict the caller to your organization (aws:PrincipalOrgID) or to named accounts (aws:PrincipalAccount), or list the principals in Principal"
            : "Restrict the caller to your organization"
        guard var snippet = input.snippet(of: statement) else { return what + "." }
        // Keep conditions that are about something else (aws:SecureTransport, tags of the
        // resource); replace the ones that failed to restrict the caller.
        let kept = (statement.condition?.clauses ?? []).filter { CallerRestriction.of($0) == .unrelatedKey }
        let writes = Set(Exposure(actions: granted).overbroadWrites.map { $0.lowercased() })
        let others = granted.filter { !writes.contains($0.lowercased()) }
        let action = statement.action?.isNegated == true ? "NotAction" : "Action"
        if writes.isEmpty {
            snippet = snippet.setting("Condition", BroadGrant.condition(kept, adding: BroadGrant.exampleRestriction(input)))
        } else if !others.isEmpty {
            what += ", and grant push, delete and policy changes only to the role that needs them in a statement of its own"
            snippet = snippet.setting("Action", JSONSnippet.strings(others), replacing: action)
                .setting("Condition", BroadGrant.condition(kept, adding: BroadGrant.exampleRestriction(input)))
        } else {
            what = "Grant these writes only to the role that needs them (for example a CI role in your account)"
            snippet = snippet.setting("Principal", .object([("AWS", .string("arn:aws:iam::\(input.ownerAccountForExamples):role/CI-ROLE"))]))
            snippet = kept.isEmpty ? snippet.removing("Condition") : snippet.setting("Condition", BroadGrant.condition(kept, adding: .object([])))
        }
        if case .object? = snippet["NotPrincipal"] ?? nil {
            snippet = snippet.setting("Principal", .string("*"), replacing: "NotPrincipal")
        }
        return what + ":\n" + snippet.rendered(.policy)
    }
}
