import ArgumentParser
import Foundation

/// `ecrguard plan [DIR]`: what `apply` would change in live ECR, with policy diffs (live `-`, manifest
/// `+`), the live state the manifest does not manage, and the same gate as `apply`.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show how live ECR differs from the manifest (repositories, policies, replication), through apply's gate.")

    @OptionGroup var deployment: DeploymentOptions
    @Option(help: "text, or json: the machine-readable plan on stdout.") var output: PlanOutputFormat = .text
    @Flag(help: "Exit 0 when there are no changes, 2 when there are changes, 1 when the gate refuses or on any error.")
    var detailedExitcode = false

    func run() throws {
        let report: PlanReport
        do { report = try PlanReport(deployment) } catch let failure as CLIFailure where detailedExitcode {
            throw CLIFailure(exitCode: 1, message: failure.message)
        }
        report.write(output)
        if let status = PlanExitStatus(report.verdict, detailed: detailedExitcode, refusal: report.refusal) { throw status.failure }
    }
}

enum PlanOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How a plan ends: without `--detailed-exitcode` 0 (planned) or 1 (refused by the gate); with it
/// 0 no changes, 2 changes, 1 refused (errors are 1 too).
struct PlanExitStatus {
    var failure: CLIFailure

    init?(_ verdict: PlanReport.Verdict, detailed: Bool, refusal: String) {
        switch verdict {
        case .refused: failure = CLIFailure(exitCode: 1, message: "plan refused by the gate: \(refusal); apply would refuse it and change nothing")
        case .changes where detailed: failure = CLIFailure(exitCode: 2, message: "")
        case .changes, .noChanges: return nil
        }
    }
}
