import ArgumentParser
import Foundation

/// `ecrguard import live`: reads IAM, Organizations and every ECR registry of the chosen accounts and
/// Regions and writes a `policies/` directory (plus `import-report.json`).
struct ImportLiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Read accounts (IAM, Organizations, ECR in each Region) and write them as a policies/ directory.",
        discussion: """
        Reads GetAccountAuthorizationDetails, the organization's SCPs and RCPs and each registry's repositories, \
        policies, scope, replication, pull-through cache rules, scanning configuration and creation templates. \
        What could not be read is listed in import-report.json and fails 'ecrguard audit' of the directory.
        """)

    @Option(help: "The policies directory to write.")
    var out = "policies"

    @OptionGroup var live: LiveImportOptions

    func run() throws {
        let run = try LiveImportRunner.live(live)
        print("read \(run.read.accounts.count) account(s), \(run.read.pagesRead) answers, \(run.read.failures.count) failed call(s) in \(String(format: "%.2f", run.seconds)) s")
        for failure in run.read.failures { print("  \(failure.call): \(failure.failure)") }
    }
}
