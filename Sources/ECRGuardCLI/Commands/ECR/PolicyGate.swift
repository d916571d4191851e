import ECRClient
import Foundation
import PolicyCore

/// Checks a policy before it is sent to ECR. Errors AWS would reject, and findings at or above the
/// threshold, refuse the call (exit 1, findings on stderr) unless --force is given.
struct PolicyGate {
    var kind: PolicyKind
    var failOn: Severity
    var force: Bool

    /// Returns normally when the call may proceed; throws `CLIFailure.gateFailed` when refused.
    func vet(_ text: String, file: String) throws {
        let findings = Self.findings(text, kind: kind, file: file)
        let blocking = findings.filter { $0.category == .error || $0.severity >= failOn }
        for finding in findings {
            let marker = blocking.contains(finding) ? (force ? "overridden" : "blocking") : "note"
            FileHandle.standardError.write(Data("\(finding.file):\(finding.span.start.line):\(finding.span.start.column): \(finding.severity.rawValue) \(finding.code) [\(marker)]: \(finding.message)\n".utf8))
        }
        guard !blocking.isEmpty else { return }
        if force {
            FileHandle.standardError.write(Data("ecrguard: --force: sending the policy despite \(blocking.count) blocking finding(s)\n".utf8))
            return
        }
        FileHandle.standardError.write(Data("ecrguard: refusing to send \(file): \(blocking.count) finding(s) at or above \(failOn.rawValue) or errors (use --force to override)\n".utf8))
        throw CLIFailure.gateFailed
    }

    /// Parser findings (errors AWS rejects and core warnings); checks are added when available.
    static func findings(_ text: String, kind: PolicyKind, file: String) -> [Finding] {
        PolicyParser.parse(text, kind: kind, file: file).findings
    }
}
