import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import Reports

extension DiffOutput.Format: ExpressibleByArgument {}

/// `ecrguard diff BASE HEAD`: audits both sides and reports the access-matrix cells, replication
/// routes and findings that change, each with the statements that decide it; exits 1 when the head
/// grants access the base did not.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What a change does to access: the cells of the access matrix, replication routes and findings that differ between two registries.",
        discussion: """
        BASE and HEAD are each a policies/ directory (or its ecrguard.yaml), a Terraform plan in JSON or a \
        CloudFormation template; a plan or template is laid over a directory on the other side (its \
        principals and expectations judge it), as audit --terraform-plan/--cloudformation DIR does. A pull request's base is \
        usually a worktree of the target branch: git worktree add /tmp/base origin/main, then \
        ecrguard diff /tmp/base/policies policies. Files are named relative to each side's repository root \
        (the nearest directory holding .git), so an unchanged finding matches across the two checkouts.
        New access is a principal that can push, pull, delete or manage the policy of a repository under \
        HEAD and could not under BASE, or images that now replicate to another account.
        Exit codes: 0 no new access (or --no-fail-on-new-access); 1 new access, or HEAD is an import with \
        gaps (import-report.json: part of it is unknown); 2 a side cannot be read or audited (never a pass); \
        64 usage error.
        """)

    @Argument(help: "The base side: a policies/ directory (or its manifest), a Terraform plan (terraform show -json) or a CloudFormation template.")
    var base: String

    @Argument(help: "The head side: a policies/ directory (or its manifest), a Terraform plan or a CloudFormation template; none with --live.")
    var head: String?

    @Flag(help: "The head side is the live accounts: imported as 'ecrguard import live' does (options below), so the diff shows what the accounts have that BASE does not and the reverse.")
    var live = false

    @Option(help: "With --live: write the import to this directory (default: a new temporary directory).")
    var keepImport: String?

    @OptionGroup(title: "Live import (with --live)") var liveImport: LiveImportOptions

    @Option(help: "Output format: text, markdown (a pull-request comment or $GITHUB_STEP_SUMMARY), json or sarif.")
    var format: DiffOutput.Format = .text

    @Flag(inversion: .prefixedNo, help: "Exit 1 when the head grants access the base did not.")
    var failOnNewAccess = true

    @Option(name: .customLong("repository-root"), help: "The repository root files are named relative to (default: the nearest directory holding .git).")
    var repositoryRoot: String?

    @Option(name: .customLong("link-base"), help: "URL that file paths are appended to for links in Markdown, e.g. https://github.com/OWNER/REPO/blob/SHA.")
    var linkBase: String?

    @OptionGroup var sides: ImportedSideOptions

    @OptionGroup var parallelism: JobOptions

    func validate() throws {
        if live == (head != nil) { throw ValidationError(live ? "give HEAD or --live, not both" : "missing HEAD (or --live)") }
    }

    func run() throws {
        let head = try live ? LiveAudit.importDirectory(liveImport, keep: keepImport) : self.head ?? ""
        var baseSource = try RegistrySource.locate(base, repositoryRoot: repositoryRoot)
        var headSource = try RegistrySource.locate(head, repositoryRoot: repositoryRoot)
        if baseSource.kind != .policies || headSource.kind != .policies {
            baseSource.naming = .asGiven
            headSource.naming = .asGiven
        }
        let before = try Self.audit(baseSource, over: headSource, options: sides, workers: parallelism.workers)
        let after = try Self.audit(headSource, over: baseSource, options: sides, workers: parallelism.workers)
        var summary = DiffSummary(RegistryDiff(base: before, head: after), base: base, head: head, failOnNewAccess: failOnNewAccess,
                                  baseName: baseSource.name, headName: headSource.name)
        summary.headImportGaps = after.findings.filter { ImportDescriptors.descriptor(for: $0.code) != nil }.count
        print(try DiffOutput.render(summary, format: format, linkBase: linkBase), terminator: "")
        if summary.exitCode != 0 { throw CLIFailure(exitCode: summary.exitCode, message: "") }
    }

    /// Audits one side (`RegistrySource.audit`); anything it cannot read or simulate ends the
    /// command with exit 2 and every error at its file:line:column.
    static func audit(_ source: RegistrySource, over other: RegistrySource, options: ImportedSideOptions,
                      workers: Int = 1) throws -> RegistryAuditResult {
        let result: RegistryAuditResult
        do {
            result = try source.audit(over: other, options: options, workers: workers)
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime("cannot read \(source.argument):\n" + errors.errors.map { error in
                var error = error
                error.location.file = source.name(error.location.file)
                return error.description
            }.joined(separator: "\n"))
        } catch let error as AuditCommand.FileReadError {
            throw CLIFailure.runtime("cannot read \(source.argument): \(error.reason)")
        }
        let unreadable = result.inputErrors.map { "\(source.name($0.location.file)):\($0.location.line):\($0.location.column): error: \($0.message)" }
            + result.findings.filter(InputErrors.isInputError)
                .map { "\(source.name($0.file)):\($0.span.start.line):\($0.span.start.column): error: \($0.message) [\($0.code)]" }
        if !unreadable.isEmpty {
            throw CLIFailure.runtime("cannot audit \(source.argument):\n" + unreadable.joined(separator: "\n"))
        }
        return result
    }
}
