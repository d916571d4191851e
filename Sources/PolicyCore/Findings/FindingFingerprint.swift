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
        var occurrences: [String: Int] = [:]
        return findings.map { finding in
            let key = identity(finding, file: file(finding))
            occurrences[key, default: 0] += 1
            return String(SHA256.hex(Array((key + "\u{1F}\(occurrences[key]!)").utf8)).prefix(32))
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
