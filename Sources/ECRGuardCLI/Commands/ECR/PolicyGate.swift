import ArgumentParser
import ECRClient
import Foundation
import PolicyChecks
import PolicyCore

/// What every `ecrguard ecr` call that installs access or deletes data shares: the gate threshold and
/// its override, and the manifest that says which repositories are protected and which accounts
/// replication may reach. `--ignore-findings` overrides ecrguard's gate only; ECR's own `--force`
/// (set-repository-policy, delete-repository) is a separate flag with ECR's meaning.
struct ECRGateOptions: ParsableArguments {
    @Option(help: "Lowest severity that refuses the call: info, low, medium, high, critical. ERROR findings (what ECR rejects) always refuse it.")
    var failOn: GateThreshold = GateThreshold(.high)

    @Flag(help: "Send the call despite blocking findings (they are still printed, marked overridden). Not ECR's --force.")
    var ignoreFindings = false

    @Option(help: "The policies directory or its ecrguard.yaml: protected repositories and the accounts replication may reach. Without it, no repository is protected and every other account is outside.")
    var manifest: String?

    func gate(_ context: CheckContext = .unknown) -> PolicyGate {
        settings.gate(context)
    }

    var settings: ECRGateSettings { ECRGateSettings(failOn: failOn.severity, ignoreFindings: ignoreFindings, manifest: manifest) }
}

/// What `ECRGateOptions` says, as plain values.
struct ECRGateSettings: Equatable {
    var failOn: Severity = .high
    var ignoreFindings = false
    var manifest: String?

    func gate(_ context: CheckContext = .unknown) -> PolicyGate {
        PolicyGate(failOn: failOn, ignoreFindings: ignoreFindings, context: context)
    }

    /// The settings of `arguments`: read directly when every argument is one this reads exactly as
    /// `ECRGateOptions` would (as `ECRCallSettings.parse`), else by ArgumentParser for its messages.
    static func parse(_ arguments: [String]) throws -> ECRGateSettings {
        if let settings = read(arguments) { return settings }
        return try ModelCommand.parseOptions(ECRGateOptions.self, arguments).settings
    }

    /// `--fail-on SEVERITY`, `--ignore-findings`, `--manifest PATH`; nil for anything else (see
    /// `ECRCallSettings.read`).
    static func read(_ arguments: [String]) -> ECRGateSettings? {
        var settings = ECRGateSettings()
        let plain = PlainOptions.read(arguments, flags: ["--ignore-findings"]) { option, value in
            switch (option, value) {
            case ("--ignore-findings", nil): settings.ignoreFindings = true
            case ("--fail-on", let value?):
                guard let threshold = GateThreshold(argument: value) else { return false }
                settings.failOn = threshold.severity
            case ("--manifest", let value?): settings.manifest = value
            default: return false
            }
            return true
        }
        return plain ? settings : nil
    }
}

/// Checks what a call would install before it is sent. Errors AWS would reject, and findings at or
/// above the threshold (`GatePolicy`), refuse the call (exit 1, findings on stderr) unless
/// `--ignore-findings` is given.
struct PolicyGate {
    var failOn: Severity
    var ignoreFindings: Bool
    var context: CheckContext = .unknown

    /// Checks `text` as a policy of `kind` (`PolicyChecker`), then `decide`s.
    func vet(_ text: String, kind: PolicyKind, file: String, what: String? = nil) throws {
        try decide(PolicyChecker().check(text, kind: kind, file: file, context: context), what: what ?? file)
    }

    /// Prints every finding; returns normally when the call may proceed, throws
    /// `CLIFailure.gateFailed` when a blocking finding refuses it.
    func decide(_ findings: [Finding], what: String) throws {
        let gate = GatePolicy(failOn: failOn)
        let blocking = findings.filter { gate.fails($0) }
        for finding in findings {
            let marker = blocking.contains(finding) ? (ignoreFindings ? "overridden" : "blocking") : "note"
            FileHandle.standardError.write(Data(utf8Of: Self.line(finding, marker: marker) + "\n"))
        }
        guard !blocking.isEmpty else { return }
        if ignoreFindings {
            FileHandle.standardError.write(Data(utf8Of: "ecrguard: --ignore-findings: sending \(what) despite \(blocking.count) blocking finding(s)\n"))
            return
        }
        FileHandle.standardError.write(Data(utf8Of: "ecrguard: refusing to send \(what): \(blocking.count) finding(s) at or above \(failOn.rawValue) or errors (use --ignore-findings to override)\n"))
        throw CLIFailure.gateFailed
    }

    /// How a gated finding is printed by the `ecr` commands, `plan` and `apply`:
    /// `file:line:column: severity CODE [blocking|note|overridden]: message`.
    static func line(_ finding: Finding, marker: String) -> String {
        "\(finding.file):\(finding.span.start.line):\(finding.span.start.column): \(finding.severity.rawValue) \(finding.code) [\(marker)]: \(finding.message)"
    }
}
