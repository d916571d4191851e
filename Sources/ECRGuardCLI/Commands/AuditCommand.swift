import ArgumentParser
import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import RegistryImport
import Reports

/// `ecrguard audit [DIR=policies] [--out Reports] [--fail-on SEVERITY] [--format text|json]`:
/// checks every policy of a `policies/` registry, simulates its principals, follows replication,
/// verifies its expectations, writes the reports and exits with the verdict.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit a policies/ registry: checks, access matrix, replication, expectations; writes HTML, JUnit, SARIF and JSON reports.",
        discussion: """
        DIR holds the manifest ecrguard.yaml and the policy files it names (README: "The policies/ format").
        Exit codes: 0 pass; 1 findings at or above --fail-on, or a failed expectation; 2 the input cannot be \
        read or parsed (never a pass); 64 usage error. The verdict in every report equals the exit code.
        """)

    @Argument(help: "The policies directory (or its manifest file); default policies. With --terraform-plan, --cloudformation or --live, the manifest they are laid over (none when omitted).")
    var directory: String?

    @Option(name: .customLong("terraform-plan"), help: "Audit a Terraform plan or state (`terraform show -json` output), laid over DIR when given; what it cannot resolve fails the gate.")
    var terraformPlan: String?

    /// `--account`, `--region`, `--organization`: where a Terraform plan's or a CloudFormation stack's resources are.
    @OptionGroup(title: "Terraform plan and CloudFormation stack location")
    var terraform: IaCLocationOptions

    @OptionGroup(title: "CloudFormation")
    var cloudFormation: CloudFormationAuditOptions

    @Option(name: .long, help: "Directory the reports are written to.")
    var out: String = "Reports"

    @Option(name: .customLong("fail-on"), help: "Lowest severity that fails the audit: critical, high, medium, low or info.")
    var failOn: String = "high"

    @Option(name: .long, help: "Standard output format: text or json.")
    var format: String = "text"

    @Option(name: .long, help: "Suppression file (as for 'check'); default .ecrguard-suppressions.yaml when it exists.")
    var suppressions: String?

    @Flag(help: "Audit live accounts: import them as 'ecrguard import live' does (options below; --accounts all for the organization), then audit the import, alone or laid over DIR when DIR is given (its registries, repositories and principals with the same identity are replaced by the live ones, its expectations judge the result).")
    var live = false

    @Option(help: "With --live: write the import to this directory (default: a new temporary directory).")
    var keepImport: String?

    @OptionGroup(title: "Live import (with --live)") var liveImport: LiveImportOptions

    @Option(name: .long, help: ArgumentHelp("The day suppression expiry is judged against (YYYY-MM-DD, UTC); default today.", visibility: .hidden))
    var today: String?

    @OptionGroup var parallelism: JobOptions

    @Option(name: .customLong("repository-root"), help: "The repository root SARIF URIs are relative to (default: the nearest directory holding .git).")
    var repositoryRoot: String?

    func validate() throws {
        guard Severity(rawValue: failOn.lowercased()) != nil else {
            throw ValidationError("--fail-on must be one of critical, high, medium, low, info (got '\(failOn)')")
        }
        guard ["text", "json"].contains(format) else {
            throw ValidationError("--format must be text or json (got '\(format)')")
        }
        if let today, CalendarDate(today) == nil {
            throw ValidationError("--today must be a date written YYYY-MM-DD (got '\(today)')")
        }
        if terraformPlan != nil && cloudFormation.isRequested {
            throw ValidationError("--terraform-plan and --cloudformation cannot be combined; audit one source at a time")
        }
        if live && (terraformPlan != nil || cloudFormation.isRequested) {
            throw ValidationError("--live cannot be combined with --terraform-plan or --cloudformation; audit one source at a time")
        }
        if live, let directory, let keepImport {
            let base = Self.locateManifest(directory).directory
            if LiveAudit.isWithin(keepImport, base) || LiveAudit.isWithin(base, keepImport) {
                throw ValidationError("--keep-import must be outside DIR, and DIR outside it: the audit never changes DIR (got '\(keepImport)')")
            }
        }
    }

    func run() throws {
        let threshold = Severity(rawValue: failOn.lowercased())!
        let (manifestPath, policyDirectory) = Self.locateManifest(live ? try LiveAudit.importDirectory(liveImport, keep: keepImport, over: directory)
                                                                       : directory ?? "policies")
        let workers = parallelism.workers
        var builder = AuditReportBuilder(inputs: [policyDirectory], threshold: threshold, generatedAt: Date())
        if let today { builder.today = CalendarDate(today)! }
        builder.repositoryRoot = RepositoryRoot.find(explicit: repositoryRoot, near: policyDirectory)
        let report: AuditReport
        var note: String?
        do {
            builder.suppressions = try loadSuppressions()
            if let terraformPlan {
                var result: RegistryAuditResult
                let audited = try TerraformPlanAudit.audit(plan: terraformPlan, over: directory, options: terraform.readOptions, check: AuditChecks.all,
                                                             workers: workers)
                builder.inputs = audited.inputs
                result = audited.result
                ProcessLifetime.keep(audited)
                if directory != nil, let report = try ImportReportFile.gaps(in: policyDirectory) {
                    builder.inputs.append(report.path)
                    result.add(report.gaps)
                }
                (report, note) = builder.report(result)
            } else if cloudFormation.isRequested {
                let location = CloudFormationAuditOptions.Location(terraform)
                (report, note) = try cloudFormation.report(base: directory.map { _ in (manifestPath, policyDirectory) }, location: location, workers: workers, builder: &builder)
            } else {
                let input = try Self.readInput(manifest: manifestPath, directory: policyDirectory)
                // The manifest and its policy files (a large registry is named by its manifest alone).
                let files = Set(input.policies.values.map(\.path)).sorted()
                builder.inputs = [manifestPath] + (files.count <= 50 ? files : [])
                // The import laid over DIR: DIR's manifest was read too (its copy is in the import).
                if live, let directory { builder.inputs.append(Self.locateManifest(directory).manifest) }
                var result = RegistryAuditor(check: AuditChecks.all, workers: workers).audit(input)
                if let report = try ImportReportFile.gaps(in: policyDirectory) {
                    builder.inputs.append(report.path)
                    result.add(report.gaps)
                }
                (report, note) = builder.report(result)
                // Freed by the process's exit, not one allocation at a time before the reports are written.
                ProcessLifetime.keep(result)
            }
        } catch let errors as ManifestErrors {
            report = builder.report(errors: errors.errors, sources: [:])
        } catch let error as FileReadError {
            report = builder.report(errors: [ManifestError(error.reason, at: ManifestLocation(file: error.path, line: 1, column: 1))], sources: [:])
        } catch let error as Suppressions.FormatError {
            report = builder.report(errors: [ManifestError("invalid suppression file: \(error.message)",
                                                           at: ManifestLocation(file: error.file, line: error.line, column: error.column))], sources: [:])
        }

        ProcessLifetime.keep(report)
        let written = try AuditOutput.writeReports(report, to: out, workers: workers)
        switch format {
        case "json":
            print(try AuditOutput.json(report))
        default:
            print(AuditOutput.text(report, isTerminal: isatty(STDOUT_FILENO) == 1), terminator: "")
            if let note { print(note) }
            if !written.isEmpty { print("Reports: " + written.joined(separator: ", ")) }
        }
        let code = report.metadata.verdict.exitCode
        if code != 0 { throw CLIFailure(exitCode: code, message: "") }
    }

    /// The suppression file: `--suppressions`, else `.ecrguard-suppressions.yaml` when it exists.
    private func loadSuppressions() throws -> Suppressions? {
        let path = suppressions ?? ".ecrguard-suppressions.yaml"
        guard suppressions != nil || FileManager.default.fileExists(atPath: path) else { return nil }
        return try Suppressions.parse(try Self.readText(path), file: path)
    }

    /// `policies` → (`policies/ecrguard.yaml`, `policies`); `x/manifest.yaml` → (itself, `x`).
    static func locateManifest(_ argument: String) -> (manifest: String, directory: String) {
        var isDirectory: ObjCBool = false
        if argument.hasSuffix(".yaml") || argument.hasSuffix(".yml"),
           !(FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) && isDirectory.boolValue) {
            let directory = (argument as NSString).deletingLastPathComponent
            return (argument, directory.isEmpty ? "." : directory)
        }
        let trimmed = argument.count > 1 && argument.hasSuffix("/") ? String(argument.dropLast()) : argument
        return (RegistryLoader.join(trimmed, RegistryLoader.manifestName), trimmed)
    }

    /// A `policies/` directory (or its manifest) read as `audit DIR` reads it.
    static func readInput(_ argument: String) throws -> RegistryInput {
        let (manifestPath, directory) = locateManifest(argument)
        return try readInput(manifest: manifestPath, directory: directory)
    }

    static func readInput(manifest manifestPath: String, directory: String) throws -> RegistryInput {
        try RegistryLoader.load(manifestText: try readText(manifestPath), manifestPath: manifestPath, directory: directory,
                                read: { path in try readText(path) })
    }

    struct FileReadError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { reason }
    }

    /// Reads a UTF-8 text file; the error says why in a few words (no such file, a directory, not UTF-8).
    static func readText(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileReadError(path: path, reason: "no such file '\(path)'")
        }
        if isDirectory.boolValue { throw FileReadError(path: path, reason: "'\(path)' is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileReadError(path: path, reason: "cannot read '\(path)' (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileReadError(path: path, reason: "'\(path)' is not UTF-8 text")
        }
        return text
    }
}
