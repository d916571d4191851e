import PolicyChecks
import PolicyCore

/// Checks each distinct repository policy once. Registries are usually templated: thousands of
/// repositories carry the same policy text. A repository policy without `Resource`/`NotResource`
/// applies to its repository whatever the name, so its findings do not depend on the repository
/// name; they are computed for the first file and re-pointed (file and fingerprint) for the others.
/// Any other policy, or a text that could spell `Resource` with escapes, is checked every time.
struct CheckCache {
    private struct Key: Hashable {
        var text: String
        var attachment: PolicyAttachment
    }

    private struct Entry {
        var findings: [Finding]
        /// The first file with this text, kept until another file reuses the entry.
        var policy: ParsedPolicyFile
        /// Canonical JSON of each statement, for fingerprints (outer nil: not computed yet; inner
        /// nil: the text did not parse). Computed from the first file's parse when a second file
        /// reuses the entry, so a registry whose texts all differ never computes them here.
        var canonicalStatements: [String]??
    }

    private var entries: [Key: Entry] = [:]

    mutating func findings(_ policy: ParsedPolicyFile, _ attachment: PolicyAttachment, _ check: PolicyCheck) -> [Finding] {
        let file = policy.file
        guard file.kind == .repository, !file.text.containsBytes("Resource"), !file.text.containsBytes("\\") else {
            return check(policy, attachment)
        }
        var generic = attachment
        generic.repositoryName = nil
        let key = Key(text: file.text, attachment: generic)
        if var entry = entries[key] {
            if entry.canonicalStatements == nil {
                entry.canonicalStatements = .some(Self.canonicalStatements(entry.policy))
                entries[key] = entry
            }
            let canonicalStatements = entry.canonicalStatements ?? nil
            return entry.findings.map { finding in
                var f = finding
                f.file = file.path
                if f.fingerprint != nil {
                    let statement = f.statementIndex.flatMap { i in canonicalStatements.flatMap { i < $0.count ? $0[i] : nil } }
                    f.fingerprint = Fingerprint.of(f, file: file.path, canonicalStatement: statement)
                }
                return f
            }
        }
        let findings = check(policy, attachment)
        entries[key] = Entry(findings: findings, policy: policy, canonicalStatements: nil)
        return findings
    }

    private static func canonicalStatements(_ policy: ParsedPolicyFile) -> [String]? {
        let parsed = policy.parsed, file = policy.file
        return parsed.document.map { document in
            let input = CheckInput(document: document, root: parsed.root, kind: file.kind, file: file.path, context: CheckContext())
            return document.statements.indices.map { input.canonicalStatement($0) }
        }
    }
}
