import ArgumentParser
import ECRClient
import Foundation

/// `ecrguard apply [DIR]`: plans like `plan`, refuses when the gate does (nothing is changed), asks for
/// confirmation (or `--auto-approve`), saves each live policy it replaces into --backup-dir, applies
/// the plan in order, and if a call fails reports exactly what was changed and what was not.
struct ApplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make live ECR match the manifest, after validating its policies and backing up the live ones.")

    @OptionGroup var deployment: DeploymentOptions
    @Option(name: .customLong("backup-dir"), help: "Where replaced live policies are saved (default .ecrguard/backups/TIMESTAMP).") var backupDir: String?
    @Flag(help: "Apply without asking; required when stdin is not a terminal (CI).") var autoApprove = false

    func run() throws {
        let report = try PlanReport(deployment)
        report.write(.text)
        if report.gate.refused { throw CLIFailure(exitCode: 1, message: "refusing to apply: \(report.refusal); nothing was changed") }
        guard report.session.changeCount > 0 else { return }
        try ApplyApproval.confirm(autoApprove: autoApprove)
        try DeploymentExecutor(backups: PolicyBackup(directory: backupDir ?? ".ecrguard/backups/\(DeploymentExecutor.timestamp())")).apply(report.session)
    }
}

/// Whether `apply` may go ahead: `--auto-approve`, or "yes" typed at a terminal. Without a terminal
/// and without `--auto-approve` it refuses (fail closed: nobody approved the plan).
enum ApplyApproval: Equatable {
    case approved, ask, refuse

    static func decide(autoApprove: Bool, stdinIsTerminal: Bool) -> ApplyApproval {
        autoApprove ? .approved : (stdinIsTerminal ? .ask : .refuse)
    }

    /// Only "yes" (surrounding spaces ignored) approves, as in Terraform.
    static func accepts(_ answer: String?) -> Bool {
        answer?.trimmingCharacters(in: .whitespaces) == "yes"
    }

    static func confirm(autoApprove: Bool) throws {
        switch decide(autoApprove: autoApprove, stdinIsTerminal: isatty(STDIN_FILENO) == 1) {
        case .approved:
            return
        case .refuse:
            throw CLIFailure.usage("stdin is not a terminal, so apply cannot ask for confirmation; review the plan and pass --auto-approve to apply it; nothing was changed")
        case .ask:
            FileHandle.standardError.write(Data("Apply these changes? Only 'yes' will be accepted: ".utf8))
            guard accepts(readLine()) else { throw CLIFailure(exitCode: 1, message: "apply cancelled; nothing was changed") }
        }
    }
}
