/// Statement ids: unique within a policy where AWS requires it, and only letters and digits where
/// IAM requires it.
///
/// Duplicate Sids, per policy kind, as AWS enforces them:
/// - identity policies, permissions boundaries (managed policies) and session policies: IAM rejects
///   them ("MalformedPolicyDocument: Statement IDs (SID) must be unique"; IAM User Guide, "IAM JSON
///   policy elements: Sid": "In IAM, the Sid value must be unique within a JSON policy"). Session
///   policies use the identity-policy grammar. UNIQUE_SIDS_REQUIRED, an error.
/// - SCPs and RCPs: Organizations validates them with the same grammar and rejects them too.
///   UNIQUE_SIDS_REQUIRED, an error.
/// - repository and registry policies: ECR accepts them. VPC endpoint policies and other services'
///   resource-based policies: their APIs document no uniqueness rule common to all for Sids, and ecrguard does not call a policy invalid on a
///   guess. DUPLICATE_SID, a low warning: the statements cannot be told apart in reviews and
///   suppressions.
///
/// Identity policies, boundaries, session policies, SCPs and RCPs allow only `[A-Za-z0-9]` in a Sid
/// (UNSUPPORTED_SID); resource policies allow more.
public struct SidRule: ValidationRule {
    public init() {}

    /// The code for a repeated Sid in this kind of policy.
    public static func duplicateCode(for kind: PolicyKind) -> RuleDescriptor {
        switch kind {
        case .identity, .boundary, .session, .scp, .rcp: .uniqueSidsRequired
        case .repository, .registry, .endpoint, .resource: .duplicateSid
        }
    }

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        // The Sids met so far; a dictionary only for long policies (most have a handful of statements).
        var seenList: [Located<String>] = []
        var seen: [String: Located<String>] = [:]
        let indexed = context.document.statements.count > 16
        let duplicate = Self.duplicateCode(for: context.kind)
        let alphanumericOnly: Bool = [.identity, .boundary, .session, .scp, .rcp].contains(context.kind)
        for statement in context.document.statements {
            guard let sid = statement.sid else { continue }
            if alphanumericOnly, !sid.value.utf8.allSatisfy(isAlphanumeric) {
                reporter.report(.unsupportedSid, at: sid.span, "Sid '\(sid.value)' may contain only letters A-Z, a-z and digits 0-9 in \(context.kind.article) policy")
            }
            guard !sid.value.isEmpty else { continue }
            if let first = indexed ? seen[sid.value] : seenList.first(where: { $0.value == sid.value }) {
                let message = duplicate.category == .error
                    ? "Sid '\(sid.value)' is already used by the statement at line \(first.span.start.line); \(context.kind.article) policy needs unique statement ids, so AWS rejects it"
                    : "Sid '\(sid.value)' is already used by the statement at line \(first.span.start.line); AWS accepts this, but the statements cannot be told apart in findings and suppressions"
                reporter.report(duplicate, at: sid.span, message)
            } else if indexed {
                seen[sid.value] = sid
            } else {
                seenList.append(sid)
            }
        }
    }
}
