/// The one identity of a reported finding, the same in every output: SARIF `partialFingerprints`,
/// the JUnit case's properties, `report.json`, and `ecrguard diff` (which matches findings of the two
/// sides by it). Made of the code, the file relative to the repository root, and what identifies the
/// problem inside the file: the checker's statement fingerprint where it set one (`Finding.fingerprint`,
/// which survives moved lines and reformatting), else the JSON path, Sid and message. Findings with
/// the same identity in one run are told apart by their order (the second one gets occurrence 2).
/// 32 hex digits of SHA-256.
public enum FindingFingerprint {
    /// The key under which SARIF writes it.
    public static let sarifKey = "ecrguardFinding/v1"

    /// Fingerprints of `findings`, in their order; `file` gives each finding's file as it is
    /// reported relative to the repository root (the SARIF URI, before percent-encoding).
    public static func assign(_ findings: [Finding], file: (Finding) -> String) -> [String] {
        assign(findings, files: findings.map(file), workers: 1)
    }

    /// `assign(_:file:)` with each finding's file given by index (`files[i]` for `findings[i]`), the
    /// identities and digests made on up to `workers` threads: only counting the occurrences runs
    /// on one thread, and it compares identities' hash values before the identities themselves.
    /// The same values whatever the number of workers.
    public static func assign(_ findings: [Finding], files: [String], workers: Int) -> [String] {
        assign(findings, files: files, workers: workers, hash: \.hashValue)
    }

    /// `assign(_:files:workers:)` with the hash function given (tests make every identity collide).
    static func assign(_ findings: [Finding], files: [String], workers: Int, hash: @escaping @Sendable (String) -> Int) -> [String] {
        precondition(findings.count == files.count, "one file per finding")
        let identities = ParallelWork.map(Array(findings.indices), workers: workers) { index in
            let key = identity(findings[index], file: files[index])
            return (key: key, hash: hash(key))
        }
        // Each finding's occurrence: how many findings up to it have its identity. Identities whose
        // hash values differ differ; an equal hash value is confirmed by comparing the identities.
        var byHash: [Int: (first: Int, count: Int)] = [:]   // hash value → the first identity with it, how often it came
        var collided: [String: Int] = [:]   // identities whose hash value an earlier, other identity has: how often each came
        var occurrences: [Int] = []
        occurrences.reserveCapacity(identities.count)
        for (index, identity) in identities.enumerated() {
            guard let seen = byHash[identity.hash] else {
                byHash[identity.hash] = (index, 1)
                occurrences.append(1)
                continue
            }
            if identities[seen.first].key == identity.key {
                byHash[identity.hash] = (seen.first, seen.count + 1)
                occurrences.append(seen.count + 1)
            } else {
                collided[identity.key, default: 0] += 1
                occurrences.append(collided[identity.key]!)
            }
        }
        return ParallelWork.map(Array(identities.indices), workers: workers) { [occurrences] index in
            String(SHA256.hex(Array((identities[index].key + "\u{1F}\(occurrences[index])").utf8)).prefix(32))
        }
    }

    /// A finding that has no policy position, identified by its code, file and name (a failed
    /// expectation): 32 hex digits.
    public static func of(code: String, file: String, name: String) -> String {
        String(SHA256.hex(Array([code, file, name].joined(separator: "\u{1F}").utf8)).prefix(32))
    }

    static func identity(_ finding: Finding, file: String) -> String {
        ([finding.code, file] + (finding.fingerprint.map { [$0] } ?? [finding.path, finding.sid ?? "", finding.message]))
            .joined(separator: "\u{1F}")
    }
}

/// Paths as the repository knows them: what SARIF `artifactLocation.uri` and fingerprints use, so a
/// file is named the same whichever directory ecrguard was started in.
public enum RepositoryPath {
    /// `file` (as the user named it, relative to `currentDirectory` unless absolute) relative to
    /// `root` (an absolute directory). Nil when the file is outside the root. `.` and `..`
    /// components are resolved textually; both directories are absolute paths.
    public static func relative(_ file: String, currentDirectory: String, root: String) -> String? {
        let absolute = file.hasPrefix("/") ? file : currentDirectory + "/" + file
        let path = components(absolute), base = components(root)
        guard path.count > base.count, Array(path.prefix(base.count)) == base else { return nil }
        return path.dropFirst(base.count).joined(separator: "/")
    }

    /// `path` as an absolute path with `.` and `..` resolved (relative paths against `currentDirectory`).
    public static func absolute(_ path: String, currentDirectory: String) -> String {
        "/" + components(path.hasPrefix("/") ? path : currentDirectory + "/" + path).joined(separator: "/")
    }

    /// The nearest directory at or above `directory` (absolute) for which `isRepositoryRoot` is true
    /// (the caller checks for `.git`); nil when there is none.
    public static func root(containing directory: String, isRepositoryRoot: (String) -> Bool) -> String? {
        var path = components(directory)
        while true {
            let candidate = "/" + path.joined(separator: "/")
            if isRepositoryRoot(candidate) { return candidate }
            if path.isEmpty { return nil }
            path.removeLast()
        }
    }

    /// The path's components with `.`, empty ones and `..` resolved.
    static func components(_ path: String) -> [String] {
        var out: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !out.isEmpty { out.removeLast() }
            default: out.append(String(part))
            }
        }
        return out
    }
}
