import PolicyCore
import RegistryAudit

/// The checks `audit` runs on every policy file.
enum AuditChecks {
    // TODO(checks): replace with PolicyChecker().check(text, kind:, file:, context:) once PolicyChecks lands;
    // until then the policy core's parser and validator findings.
    static let all: PolicyCheck = RegistryAuditor.parserFindings
}
