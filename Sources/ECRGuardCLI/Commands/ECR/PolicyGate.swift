import ECRClient
import Foundation
import PolicyChecks
import PolicyCore

/// Checks a policy with `PolicyChecker` before it is sent to ECR. Errors AWS would reject, and findings
/// at or above the threshold (`GatePolicy`), refuse the call (exit 1, findings on stderr) unless --force is given.
struct PolicyGate {
    var kind: PolicyKind
    var failOn: Severity
    var force: Bool
    var context: CheckContext = .unknown

    /// Returns normally when the call may proceed; throws `CLIFailure.gateFailed` when refused.
    func vet(_ text: String, file: String) throws {
        let findings = PolicyChecker().check(text, kind: kind, file: file, context: context)
        let gate = GatePolicy(failOn: failOn)
        let blocking = findings.filter { gate.fails($0) }
        for finding in findings {
            let marker = blocking.contains(finding) ? (force ? "overridden" : "blocking") : "note"
            FileHandle.standardError.write(Data((Self.line(finding, marker: marker) + "\n").utf8))
        }
        guard !blocking.isEmpty else { return }
        if force {
            FileHandle.standardError.write(Data("ecrguard: --force: sending the policy despite \(blocking.count) blocking finding(s)\n".utf8))
            return
        }
        FileHandle.standardError.write(Data("ecrguard: refusing to send \(file): \(blocking.count) finding(s) at or above \(failOn.rawValue) or errors (use --force to override)\n".utf8))
        throw CLIFailure.gateFailed
    }

    /// How a gated finding is printed by `ecr set-repository-policy`, `plan` and `apply`:
    /// `file:line:column: severity CODE [blocking|note|overridden]: message`.
    static func line(_ finding: Finding, marker: String) -> String {
        "\(finding.file):\(finding.span.start.line):\(finding.span.start.column): \(finding.severity.rawValue) \(finding.code) [\(marker)]: \(finding.message)"
    }
}
