/// Where `Resource`/`NotResource` is required, and what it means in a repository policy.
///
/// **Repository policies.** A repository policy applies to exactly one repository, the one it is
/// attached to, so the statement's resource is implied. ECR has rejected repository policies that
/// carry `Resource` ("Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid
/// repository policy provided'"; awsdocs/amazon-ecr-user-guide#20, aws/aws-cdk#24314), yet the
/// current "Private repository policy examples" page shows `"Resource": "*"` in its examples. So
/// ecrguard treats the element as follows:
/// - `"Resource": "*"` is a low-severity warning (RESOURCE_IN_REPOSITORY_POLICY): harmless in
///   meaning, but older ECR API behaviour rejected it, so omitting it is the portable form.
/// - any other `Resource` value, or `NotResource`, is a high-severity warning with the same code:
///   it cannot narrow or widen what the policy covers and suggests the author expected it to.
/// In both cases the model keeps the element, and evaluation ignores it: the attached repository
/// is always the resource. Severity high means the default gate fails, so a policy that might be
/// rejected or misread never passes silently.
///
/// Every other kind needs `Resource` or `NotResource` in each statement (MISSING_RESOURCE):
/// identity policies, boundaries, session policies, SCPs, RCPs, VPC endpoint policies and registry
/// policies (whose statements name `arn:aws:ecr:REGION:ACCOUNT:repository/...`).
public struct ResourcePlacementRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        for statement in context.document.statements {
            let present = ["Resource", "NotResource"].first { context.statement(statement, has: $0) }
            if context.kind == .repository {
                if let present {
                    let onlyStar = present == "Resource" && statement.resource?.patterns.map(\.value) == ["*"]
                    let message = onlyStar
                        ? "a repository policy always applies to the repository it is attached to; \"Resource\": \"*\" adds nothing, and ECR has rejected repository policies with Resource ('Invalid repository policy provided')"
                        : "\(present) has no effect in a repository policy: it always applies to exactly the repository it is attached to (and ECR has rejected repository policies with \(present))"
                    reporter.report(.resourceInRepositoryPolicy, at: context.keySpan(present, in: statement), message,
                                    remediation: "remove the \(present) element", severity: onlyStar ? .low : .high)
                }
            } else if present == nil {
                reporter.report(.missingResource, at: SourceSpan(at: statement.span.start),
                                "a statement of \(context.kind.article) policy needs a Resource or NotResource element",
                                remediation: context.kind == .registry ? "\"Resource\": \"arn:aws:ecr:us-east-1:123456789012:repository/*\"" : "\"Resource\": \"*\"")
            }
        }
    }
}
