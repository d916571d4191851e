import PolicyChecks
import PolicyCore

/// Checks each distinct repository policy once. Registries are usually templated: thousands of
/// repositories carry the same policy text. A repository policy without `Resource`/`NotResource`
/// applies to its repository whatever the name, so its findings do not depend on the repository
/// name; they are computed for the first file and re-pointed (file and fingerprint) for the others.
/// Any other policy, or a text that could spell `Resource` with escapes, is checked every time.
///
/// The work is planned first (which file is checked, which re-uses whose findings), then each
/// check, and each re-pointing, runs on any of `workers` threads; the findings are assembled in the
/// order of the files, so they are the same whatever the number of workers. The plan compares texts
/// by the number `PolicyLibrary` gave each distinct text when it parsed them, not by the texts.
enum CheckCache {
    /// A policy file to check, where it is attached, and the number of its text: files with the same
    /// text and kind have the same number (`PolicyLibrary.FileParse.textNumber`); nil: none known,
    /// the file is checked itself.
    struct Policy: Sendable {
        var policy: ParsedPolicyFile
        var attachment: PolicyAttachment
        var textNumber: Int?
    }

    private struct Key: Hashable {
        var textNumber: Int
        var attachment: PolicyAttachment
    }

    /// How one file gets its findings.
    private enum Source: Sendable {
        /// Checked itself; the number of its check.
        case checked(Int)
        /// The findings of the file at this index (itself checked), re-pointed at this file.
        case reused(Int)
    }

    /// Every policy's findings, file after file in the order given.
    static func findings(_ policies: [Policy], check: PolicyCheck, workers: Int) -> [Finding] {
        // Reading each text for `Resource` is per file: on the worker threads.
        let keys = ParallelWork.map(policies, workers: workers) { key($0) }
        var firstWithKey: [Key: Int] = [:]
        var sources: [Source] = []
        var checked: [Int] = []
        for index in policies.indices {
            if let key = keys[index] {
                if let first = firstWithKey[key] {
                    sources.append(.reused(first))
                    continue
                }
                firstWithKey[key] = index
            }
            sources.append(.checked(checked.count))
            checked.append(index)
        }
        let results = ParallelWork.map(checked, workers: workers) { index in check(policies[index].policy, policies[index].attachment) }
        // Canonical statements of each checked file another file re-uses (for the fingerprints);
        // a registry whose texts all differ never computes them.
        var reusedFirsts: [Int] = []
        var seen: Set<Int> = []
        for case .reused(let first) in sources where seen.insert(first).inserted { reusedFirsts.append(first) }
        let canonical = ParallelWork.map(reusedFirsts, workers: workers) { canonicalStatements(policies[$0].policy) }
        let canonicalOf = Dictionary(uniqueKeysWithValues: zip(reusedFirsts, canonical))
        let perFile = ParallelWork.map(Array(sources.enumerated()), workers: workers) { [sources] index, source -> [Finding] in
            switch source {
            case .checked(let number):
                return results[number]
            case .reused(let first):
                guard case .checked(let number) = sources[first] else { return [] }
                return repoint(results[number], to: policies[index].policy.file.path, canonicalStatements: canonicalOf[first] ?? nil)
            }
        }
        return Array(perFile.joined())
    }

    /// The key under which a policy's findings can be re-used; nil when it must be checked itself.
    private static func key(_ item: Policy) -> Key? {
        let file = item.policy.file
        guard let textNumber = item.textNumber, file.kind == .repository, !file.text.containsBytes("Resource"),
              !file.text.containsBytes("\\") else { return nil }
        var generic = item.attachment
        generic.repositoryName = nil
        return Key(textNumber: textNumber, attachment: generic)
    }

    /// Another file's findings as a check of `file` gives them: its path, and fingerprints computed for it.
    private static func repoint(_ findings: [Finding], to file: String, canonicalStatements: [String]?) -> [Finding] {
        findings.map { finding in
            var f = finding
            f.file = file
            if f.fingerprint != nil {
                let statement = f.statementIndex.flatMap { i in canonicalStatements.flatMap { i < $0.count ? $0[i] : nil } }
                f.fingerprint = Fingerprint.of(f, file: file, canonicalStatement: statement)
            }
            return f
        }
    }

    /// Canonical JSON of each statement, for fingerprints; nil when the text did not parse.
    private static func canonicalStatements(_ policy: ParsedPolicyFile) -> [String]? {
        let parsed = policy.parsed, file = policy.file
        return parsed.document.map { document in
            let input = CheckInput(document: document, root: parsed.root, kind: file.kind, file: file.path, context: CheckContext())
            return document.statements.indices.map { input.canonicalStatement($0) }
        }
    }
}
