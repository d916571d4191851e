import ArgumentParser
import Foundation

/// `ecrguard import live`: reads IAM, Organizations and every ECR registry of the chosen accounts and
/// Regions and writes a `policies/` directory (plus `import-report.json`).
struct ImportLiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Read accounts (IAM, Organizations, ECR in each Region) and write them as a policies/ directory.",
        discussion: """
        Reads GetAccountAuthorizationDetails, the organization's SCPs and RCPs (from the caller's account) and, \
        in each Region, each registry's repositories, repository and registry policies, policy scope, replication, \
        pull-through cache rules, scanning configuration and creation templates. Accounts other than the caller's \
        are entered with AssumeRole (--role-name). Every call that fails or is denied is listed in \
        import-report.json with its account, Region and call, and fails 'ecrguard audit' of the directory \
        (IMPORT_ACCESS_DENIED, IMPORT_CALL_FAILED: high). A progress bar is drawn on a terminal only.
        """)

    @Option(help: "The policies directory to write (created; a directory not written by 'ecrguard import' is refused).")
    var out = "policies"

    @OptionGroup var live: LiveImportOptions

    func run() throws {
        let run = try LiveImportRunner.live(live)
        print(try LiveImportOutput.write(run, to: out))
    }
}

/// `ecrguard import snapshot DIR`: redoes an import from the raw answers `import live --snapshot DIR` kept.
struct ImportSnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Redo an 'import live' offline from the answers its --snapshot kept.",
        discussion: "The same answers give the same policies/ directory and import-report.json, byte for byte.")

    @Argument(help: "The directory 'import live --snapshot' wrote.")
    var snapshot: String

    @Option(help: "The policies directory to write.")
    var out = "policies"

    func run() throws {
        print(try LiveImportOutput.write(try LiveImportRunner.replay(snapshot: snapshot), to: out))
    }
}
