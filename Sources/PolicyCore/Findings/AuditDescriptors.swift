/// Codes about the input and the registry configuration rather than one policy's text: what
/// `audit` reports about the manifest, its expectations, replication and repository settings.
/// RegistryAudit and the CLI report them and Reports renders expectations; they are defined here,
/// below all three, so that each has one definition and `RuleCatalog.everyCode` (PolicyChecks)
/// lists them with every other code.
public enum AuditDescriptors {
    public static let inputError = RuleDescriptor(
        code: "INPUT_ERROR", severity: .critical, category: .error,
        title: "The manifest or a policy file cannot be read",
        help: "The policies/ manifest or a policy file it names is missing, is not valid YAML/JSON, or does not follow the format. ecrguard cannot decide anything about it and fails with exit code 2.",
        remediation: "Fix the file at the position given; see README, section \"The policies/ format\".")
    public static let expectationFailed = RuleDescriptor(
        code: "EXPECTATION_FAILED", severity: .high, category: .securityWarning,
        title: "A registry expectation is not met",
        help: "The manifest states who must or must not be able to push, pull or replicate a repository; the simulated policies disagree.",
        remediation: "Change the policies (or the expectation, if it is wrong) until the simulation gives the expected outcome.")
    public static let replicationWillFail = RuleDescriptor(
        code: "REPLICATION_WILL_FAIL", severity: .medium, category: .warning,
        title: "Replication to a destination will fail silently",
        help: "Cross-account replication needs the destination registry's permission policy to allow the source account root ecr:ReplicateImage, and ecr:CreateRepository unless the repository already exists there. ECR reports failures only in the destination's CloudTrail.",
        remediation: "Attach a registry permission policy in the destination allowing arn:aws:iam::SOURCE:root ecr:ReplicateImage and ecr:CreateRepository on its repository/*.")
    public static let replicationDestinationUnknown = RuleDescriptor(
        code: "REPLICATION_DESTINATION_UNKNOWN", severity: .info, category: .suggestion,
        title: "Replication destination not described",
        help: "The destination registry is not in the manifest, so its registry permission policy cannot be checked.",
        remediation: "Describe the destination registry and its registry policy in the manifest.")
    public static let replicationFilterMatchesNothing = RuleDescriptor(
        code: "REPLICATION_FILTER_MATCHES_NOTHING", severity: .low, category: .warning,
        title: "Replication filter matches no repository",
        help: "A PREFIX_MATCH filter that matches no repository name replicates nothing; usually a typo or a renamed repository.",
        remediation: "Correct the prefix or remove the filter.")
    public static let scanOnPushDisabled = RuleDescriptor(
        code: "SCAN_ON_PUSH_DISABLED", severity: .low, category: .suggestion,
        title: "Repository does not scan images on push",
        help: "Without scan on push, vulnerabilities in newly pushed images are not reported.",
        remediation: "Set scanOnPush: true, or enable enhanced scanning for the registry.")

    public static let accessAdded = RuleDescriptor(
        code: "ACCESS_ADDED", severity: .high, category: .securityWarning,
        title: "A change grants access the base did not",
        help: "`ecrguard diff` found a principal that can use a capability (push, pull, delete, manage-policy) on a repository under the head policies and could not under the base, or images that now replicate to another account. Each result names the statements that grant it and why the base did not.",
        remediation: "Confirm the new access is intended; otherwise narrow the granting statement. `--no-fail-on-new-access` reports it without failing.")

    /// The comparison's codes (`ecrguard diff`).
    public static var diff: [RuleDescriptor] { [accessAdded] }

    /// The registry configuration's codes, as the audit reports describe them.
    public static var registry: [RuleDescriptor] {
        [replicationWillFail, replicationDestinationUnknown, replicationFilterMatchesNothing, scanOnPushDisabled]
    }
    public static var all: [RuleDescriptor] { [inputError, expectationFailed] + registry + diff }
}
