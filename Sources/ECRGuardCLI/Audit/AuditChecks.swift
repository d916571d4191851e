import PolicyChecks
import PolicyCore
import RegistryAudit
import Reports

/// The checks `audit` runs on every policy file: every rule of the catalog, told where the policy
/// is attached (account, organization, registry policy scope, repository, region).
enum AuditChecks {
    static let checker = PolicyChecker()

    /// The checks read the audit's own parse and compilation of each file (`ParsedPolicyFile`).
    static let all: PolicyCheck = { policy, attachment in
        checker.check(policy.parsed, compiled: policy.compiled, kind: policy.file.kind, file: policy.file.path, context: context(attachment))
    }

    static func context(_ attachment: PolicyAttachment) -> CheckContext {
        CheckContext(accountID: attachment.account, organizationID: attachment.organizationID,
                     registryPolicyScope: attachment.registryPolicyScope, repositoryName: attachment.repositoryName,
                     region: attachment.region)
    }

    /// The suppression-file rules (expired, unused entries) as the reports describe them.
    static var gateDescriptors: [RuleDescriptor] { GateDescriptors.all }

    /// The catalog's rules as the reports describe them.
    static var ruleDescriptors: [RuleDescriptor] { RuleCatalog.descriptors }
}
