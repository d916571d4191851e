import PolicyCore
import RegistryAudit

/// The checks `audit` runs on every policy file.
enum AuditChecks {
    // TODO(checks): PolicyChecker().check(text, kind:, file:, context:) once PolicyChecks lands on main.
    // Until then nil: the policy core's parser and validator findings.
    static let all: PolicyCheck? = nil
}
