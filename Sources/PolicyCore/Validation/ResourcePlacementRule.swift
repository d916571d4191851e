/// Where `Resource`/`NotResource` is required, and where it is not allowed.
///
/// **Repository policies**: ECR rejects a repository policy whose statements carry `Resource` or
/// `NotResource` ("Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid
/// repository policy provided'"); the resource is always the repository the policy is attached to.
/// AWS removed `Resource` from its own repository policy example for this reason
/// (awsdocs/amazon-ecr-user-guide#20), and the AWS CDK warns about it (aws/aws-cdk#24314). So
/// ecrguard reports it as an error (RESOURCE_IN_REPOSITORY_POLICY) — the policy could never be
/// applied — and keeps the element in the model; the evaluator treats the attached repository as
/// the resource regardless.
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
                    reporter.report(.resourceInRepositoryPolicy, at: context.keySpan(present, in: statement),
                                    "ECR rejects repository policies with \(present) ('Invalid repository policy provided'): the resource is always the repository the policy is attached to",
                                    remediation: "remove the \(present) element")
                }
            } else if present == nil {
                reporter.report(.missingResource, at: SourceSpan(at: statement.span.start),
                                "a statement of \(context.kind.article) policy needs a Resource or NotResource element",
                                remediation: context.kind == .registry ? "\"Resource\": \"arn:aws:ecr:us-east-1:123456789012:repository/*\"" : "\"Resource\": \"*\"")
            }
        }
    }
}
