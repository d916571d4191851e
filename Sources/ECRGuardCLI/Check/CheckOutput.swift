import Foundation
import PolicyChecks
import PolicyCore
import Reports

/// Turns a gate result into what `ecrguard check` prints: compiler-style text for CI logs, or the
/// report writers' JSON, SARIF and JUnit.
struct CheckOutput {
    enum Format: String { case text, json, sarif, junit }

    static let defaultSuppressionFile = ".ecrguard-suppressions.yaml"

    var result: GateResult
    var verdict: Verdict
    var policy: GatePolicy
    var inputs: [String]
    var sources: [String: String]
    /// The repository root (absolute) SARIF URIs and fingerprints are relative to; nil: none found.
    var repositoryRoot: String?

    /// The repository a policy file belongs to, for `repository:` suppressions: its file name
    /// without `.json` (`policies/repositories/employee-api.json` → `employee-api`).
    static func repositoryName(of file: String) -> String? {
        let name = (file as NSString).lastPathComponent
        let stem = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        return stem.isEmpty ? nil : stem
    }

    func render(_ format: Format) throws -> String {
        switch format {
        case .text: return text()
        case .json: return String(decoding: try JSONReportWriter.render(report()), as: UTF8.self) + "\n"
        case .sarif: return String(decoding: try SARIFReportWriter.render(report()), as: UTF8.self) + "\n"
        case .junit: return String(decoding: try JUnitReportWriter.render(report()), as: UTF8.self)
        }
    }

    /// `file:line:column: severity CODE message`, the remediation indented below, then a summary.
    func text() -> String {
        var out = ""
        let shown = result.findings.filter { $0.state == .active }
        for gated in shown {
            let f = gated.finding
            out += "\(f.file):\(f.span.start.line):\(f.span.start.column): \(f.severity.rawValue) \(f.code) \(f.message)\n"
            if let remediation = f.remediation {
                let lines = remediation.split(separator: "\n", omittingEmptySubsequences: false)
                out += "    fix: " + lines[0] + "\n"
                for line in lines.dropFirst() { out += "         " + line + "\n" }
            }
        }
        let suppressed = result.findings.filter { if case .suppressed = $0.state { true } else { false } }.count
        let baselined = result.findings.filter { $0.state == .baselined }.count
        var counts: [String] = []
        for severity in Severity.allCases.reversed() {
            let n = shown.filter { $0.finding.severity == severity }.count
            if n > 0 { counts.append("\(n) \(severity.rawValue)") }
        }
        out += "\(inputs.count) file(s) checked: \(shown.count) finding(s)" + (counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")")
        if suppressed > 0 { out += ", \(suppressed) suppressed" }
        if baselined > 0 { out += ", \(baselined) in the baseline" }
        out += ". "
        switch verdict {
        case .pass: out += "Gate PASSED (fails on \(policy.failOn.rawValue) and above, errors\(codesText)).\n"
        case .fail:
            let failing = result.failing
            let errors = failing.filter { $0.category == .error }.count
            let severe = failing.filter { $0.category != .error && $0.severity >= policy.failOn }.count
            let coded = failing.count - errors - severe
            var reasons: [String] = []
            if severe > 0 { reasons.append("\(severe) at or above \(policy.failOn.rawValue)") }
            if errors > 0 { reasons.append("\(errors) error(s) AWS would reject") }
            if coded > 0 { reasons.append("\(coded) with a --fail-on-code code") }
            out += "Gate FAILED: " + reasons.joined(separator: ", ") + ".\n"
        case .error: out += "ERROR: some input cannot be read or is not a JSON policy; fix it and run again.\n"
        }
        return out
    }

    private var codesText: String {
        policy.failOnCodes.isEmpty ? "" : ", or codes " + policy.failOnCodes.sorted().joined(separator: ", ")
    }

    /// The report model the Reports writers take.
    func report() -> AuditReport {
        let findings = result.findings.map { ReportedFinding($0, suppressionFile: result.suppressionFile) }
        // The check rules and gate codes, plus the validation codes that occur (one definition each, from the catalog).
        let reported = Set(result.findings.map(\.finding.code))
        let rules = RuleCatalog.descriptors + GateDescriptors.all + RuleDescriptor.validationCodes.filter { reported.contains($0.code) }
            + (reported.contains(AuditDescriptors.inputError.code) ? [AuditDescriptors.inputError] : [])
        let metadata = ReportMetadata(toolVersion: ecrguardVersion, inputs: inputs, generatedAt: Date(), threshold: policy.failOn,
                                      failOnCodes: policy.failOnCodes.sorted(), verdict: verdict, command: "check",
                                      repositoryRoot: repositoryRoot, workingDirectory: FileManager.default.currentDirectoryPath)
        return AuditReport(metadata: metadata, findings: findings, rules: rules, sources: sources)
    }
}
