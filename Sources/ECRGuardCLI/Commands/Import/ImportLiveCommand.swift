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
        (IMPORT_ACCESS_DENIED, IMPORT_CALL_FAILED: high); the import then exits 1 after writing. A progress bar is \
        drawn on a terminal only.
        """)

    @Option(help: "The policies directory to write (created; a directory not written by 'ecrguard import' is refused).")
    var out = "policies"

    @OptionGroup var live: LiveImportOptions

    @Flag(help: "Read every ACTIVE account of the caller's organization, as --accounts all (needs the management account or a delegated administrator).")
    var organization = false

    @Option(help: "The Region STS is called in and the default of --regions (default: the first of --regions, else AWS_REGION, AWS_DEFAULT_REGION, the profile's).")
    var region: String?

    func validate() throws {
        if organization, let accounts = live.accounts, !accounts.organization { throw ValidationError("give --accounts or --organization, not both") }
        if let region, !RegionSelection.isRegion(region) { throw ValidationError("--region must be a Region name such as us-east-1") }
    }

    func run() throws {
        let run = try LiveImportRunner.live(live, organization: organization, region: region)
        let written = try LiveImportOutput.write(run, to: out)
        print(written.text, terminator: "")
        if written.incomplete { throw CLIFailure.gateFailed }
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
        let written = try LiveImportOutput.write(try LiveImportRunner.replay(snapshot: snapshot), to: out)
        print(written.text, terminator: "")
        if written.incomplete { throw CLIFailure.gateFailed }
    }
}
