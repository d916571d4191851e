/// Statement ids: unique within a policy, and only letters and digits where IAM requires it.
///
/// SCPs, RCPs and resource policies (repository, registry) reject duplicate Sids
/// (UNIQUE_SIDS_REQUIRED, an error). IAM accepts duplicates in identity-side policies and VPC
/// endpoint policies, so there it is a warning (DUPLICATE_SID): the statements cannot be told apart
/// in reviews and suppressions. Identity policies, boundaries, session policies, SCPs and RCPs
/// allow only `[A-Za-z0-9]` in a Sid (UNSUPPORTED_SID); resource policies allow more.
public struct SidRule: ValidationRule {
    public init() {}

    static let duplicateSidWarning = IssueCode("DUPLICATE_SID", .warning, .medium)

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        var seen: [String: Located<String>] = [:]
        let strictDuplicates: Bool = [.scp, .rcp, .repository, .registry].contains(context.kind)
        let alphanumericOnly: Bool = [.identity, .boundary, .session, .scp, .rcp].contains(context.kind)
        for statement in context.document.statements {
            guard let sid = statement.sid else { continue }
            if alphanumericOnly, !sid.value.utf8.allSatisfy(isAlphanumeric) {
                reporter.report(.unsupportedSid, at: sid.span, "Sid '\(sid.value)' may contain only letters A-Z, a-z and digits 0-9 in \(context.kind.article) policy")
            }
            guard !sid.value.isEmpty else { continue }
            if let first = seen[sid.value] {
                let message = "Sid '\(sid.value)' is already used by the statement at line \(first.span.start.line); statement ids must be unique"
                reporter.report(strictDuplicates ? .uniqueSidsRequired : Self.duplicateSidWarning, at: sid.span, message)
            } else {
                seen[sid.value] = sid
            }
        }
    }
}
