/// Size limits AWS enforces on the policy text.
///
/// ECR limits repository and registry policy text to 10,240 characters (the `policyText` length
/// constraint of SetRepositoryPolicy and PutRegistryPolicy; whitespace counts). Organizations limits
/// SCPs and RCPs to 5,120 characters. STS limits an inline session policy to 2,048 characters (the
/// `Policy` parameter of AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity and
/// GetFederationToken).
public struct PolicySizeRule: ValidationRule {
    public init() {}

    public static let ecrPolicyLimit = 10_240
    public static let organizationsPolicyLimit = 5_120
    public static let sessionPolicyLimit = 2_048

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        let at = SourceSpan(at: context.document.span.start)
        switch context.kind {
        case .repository, .registry:
            if context.characterCount > Self.ecrPolicyLimit {
                reporter.report(.policySizeExceedsECRQuota, at: at,
                                "the policy is \(context.characterCount) characters long; ECR accepts at most \(Self.ecrPolicyLimit)",
                                remediation: "merge statements, use wildcards or remove whitespace")
            }
        case .scp, .rcp:
            if context.characterCount > Self.organizationsPolicyLimit {
                reporter.report(context.kind == .scp ? .policySizeExceedsSCPQuota : .policySizeExceedsRCPQuota, at: at,
                                "the policy is \(context.characterCount) characters long; Organizations accepts at most \(Self.organizationsPolicyLimit)")
            }
        case .session:
            if context.characterCount > Self.sessionPolicyLimit {
                reporter.report(.policySizeExceedsSessionQuota, at: at,
                                "the policy is \(context.characterCount) characters long; STS accepts a session policy of at most \(Self.sessionPolicyLimit)",
                                remediation: "merge statements, use wildcards or remove whitespace")
            }
        case .identity, .boundary, .endpoint, .resource:
            // Other services' resource policies have limits of their own (S3 20 KB, KMS 32 KB, ...).
            break
        }
    }
}
