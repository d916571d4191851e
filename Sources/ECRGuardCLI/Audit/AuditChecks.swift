import PolicyChecks
import PolicyCore
import RegistryAudit
import Reports

/// The checks `audit` runs on every policy file: every rule of the catalog, told where the policy
/// is attached (account, organization, registry policy scope, repository, region).
enum AuditChecks {
    /// Every rule, told where each policy is attached (`AuditPolicyChecks`, shared with the benchmarks).
    static let all: PolicyCheck = AuditPolicyChecks.all

    /// The suppression-file rules (expired, unused entries) as the reports describe them.
    static var gateDescriptors: [RuleDescriptor] { GateDescriptors.all }

    /// The catalog's rules as the reports describe them.
    static var ruleDescriptors: [RuleDescriptor] { RuleCatalog.descriptors }
}
