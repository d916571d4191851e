/// Resource policies must say who they apply to; identity-side policies must not.
///
/// Repository, registry, VPC endpoint and resource control policies need `Principal` or
/// `NotPrincipal` in every statement (MISSING_PRINCIPAL). Identity policies, permission boundaries
/// and session policies take none (UNSUPPORTED_PRINCIPAL), nor do SCPs (SCP_SYNTAX_ERROR_PRINCIPAL).
/// An RCP's principal must be `"*"` and `NotPrincipal` is not allowed (RCP_SYNTAX_ERROR_PRINCIPAL).
public struct PrincipalPlacementRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        for statement in context.document.statements {
            let hasPrincipal = context.statement(statement, has: "Principal")
            let hasNotPrincipal = context.statement(statement, has: "NotPrincipal")
            let present = hasPrincipal ? "Principal" : (hasNotPrincipal ? "NotPrincipal" : nil)
            switch context.kind {
            case .repository, .registry, .endpoint, .rcp, .resource:
                if present == nil {
                    reporter.report(.missingPrincipal, at: SourceSpan(at: statement.span.start),
                                    "a statement of \(context.kind.article) policy must name a Principal (who it applies to)",
                                    remediation: "\"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:root\"}")
                }
                if context.kind == .rcp {
                    checkRCP(statement, context, hasNotPrincipal: hasNotPrincipal, into: &reporter)
                }
            case .identity, .session, .boundary:
                if let present {
                    reporter.report(.unsupportedPrincipal, at: context.keySpan(present, in: statement),
                                    "\(present) is not allowed in \(context.kind.article) policy: it applies to the identity it is attached to; remove \(present)")
                }
            case .scp:
                if let present {
                    reporter.report(.scpSyntaxErrorPrincipal, at: context.keySpan(present, in: statement),
                                    "\(present) is not allowed in a service control policy; use conditions such as aws:PrincipalArn instead")
                }
            }
        }
    }

    func checkRCP(_ statement: Statement, _ context: ValidationContext, hasNotPrincipal: Bool, into reporter: inout FindingReporter) {
        if hasNotPrincipal {
            reporter.report(.rcpSyntaxErrorPrincipal, at: context.keySpan("NotPrincipal", in: statement),
                            "NotPrincipal is not allowed in a resource control policy; use \"Principal\": \"*\" with conditions")
        }
        if let principal = statement.principal, !principal.isNegated,
           principal.entries.contains(where: { $0.value != .everyone }) {
            reporter.report(.rcpSyntaxErrorPrincipal, at: principal.span,
                            "the Principal of a resource control policy must be \"*\"; restrict callers with conditions such as aws:PrincipalOrgID")
        }
    }
}

extension PolicyKind {
    /// "a repository", "an identity", for messages.
    var article: String {
        switch self {
        case .identity: "an identity"
        case .repository: "a repository"
        case .resource: "a resource-based"
        case .registry: "a registry"
        case .scp: "a service control"
        case .rcp: "a resource control"
        case .session: "a session"
        case .endpoint: "a VPC endpoint"
        case .boundary: "a permissions boundary"
        }
    }
}
