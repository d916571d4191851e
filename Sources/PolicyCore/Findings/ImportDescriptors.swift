/// Codes for what an import (live account, GAAD file, Terraform plan, CloudFormation template) could
/// not read, resolve or represent, and for state the manifest marks as not collected. Every one is
/// `high`, so the default gate fails: ecrguard never passes what it could not see. Defined here,
/// below RegistryAudit, RegistryImport and the CLI, so each has one definition and
/// `RuleCatalog.everyCode` (PolicyChecks) lists them. A reader that needs another code adds it here.
public enum ImportDescriptors {
    public static let accessDenied = RuleDescriptor(
        code: "IMPORT_ACCESS_DENIED", severity: .high, category: .warning,
        title: "An import call was denied",
        help: "AWS refused a call the import needs (AccessDenied, AccessDeniedException, an SCP), so part of the account's state is unknown. ecrguard does not treat what it could not read as empty.",
        remediation: "Grant the import role the call named in the message (docs/import-role.json lists every call an import makes) and import again.")
    public static let callFailed = RuleDescriptor(
        code: "IMPORT_CALL_FAILED", severity: .high, category: .warning,
        title: "An import could not read part of the state",
        help: "A call failed for another reason than a denial (throttling after every retry, a server error), or a file refers to something it does not contain (a managed policy attached to a principal but absent from the GAAD file's Policies). The audit cannot decide anything that depends on it.",
        remediation: "Import again; if the same part fails, read the error the message quotes.")
    public static let policyMissing = RuleDescriptor(
        code: "IMPORT_POLICY_MISSING", severity: .high, category: .warning,
        title: "A policy a principal uses is not in the imported data",
        help: "A principal or group references a managed policy (attached, or as a permissions boundary), a group or a default policy version that the imported data does not contain: a GAAD export made with --filter, a deprecated AWS managed policy, or a boundary-only policy. The principal is simulated without it, so what it can do is not known.",
        remediation: "Export with `aws iam get-account-authorization-details` and no --filter (it includes AWS managed policies in use), or add the policy to the manifest by hand.")
    public static let scpsNotCollected = RuleDescriptor(
        code: "SCPS_NOT_COLLECTED", severity: .high, category: .warning,
        title: "The principal's service control policies were not collected",
        help: "The manifest marks the principal's SCPs as not collected (serviceControlPolicies: not-collected): the import could not read the organization's policies (they need the management account or a delegated administrator). The principal is simulated as if no SCP restricted it, so a Deny in an SCP is not seen.",
        remediation: "Import with credentials that can read AWS Organizations (organizations:ListPoliciesForTarget, DescribePolicy), or write the SCP levels into the manifest.")
    public static let iacValueUnknown = RuleDescriptor(
        code: "IAC_VALUE_UNKNOWN", severity: .high, category: .warning,
        title: "A value is known only after apply",
        help: "An Infrastructure-as-Code value the audit needs (a policy, a repository name, an attachment's ARN) depends on something that is not known until it is deployed, or on a parameter or import that was not given.",
        remediation: "Give the value (a parameter, --account, --region), or audit the deployed state after apply.")
    public static let iacUnsupported = RuleDescriptor(
        code: "IAC_UNSUPPORTED", severity: .high, category: .warning,
        title: "An Infrastructure-as-Code construct is not supported",
        help: "The template or plan uses something ecrguard does not read (a transform, a macro, a resource type that changes access it cannot model), so the audited state may differ from what is deployed.",
        remediation: "Pass the processed template (aws cloudformation get-template --template-stage Processed, cdk synth, sam build) or model the construct by hand in the manifest.")

    public static var all: [RuleDescriptor] { [accessDenied, callFailed, policyMissing, scpsNotCollected, iacValueUnknown, iacUnsupported] }

    public static func descriptor(for code: String) -> RuleDescriptor? { all.first { $0.code == code } }
}
