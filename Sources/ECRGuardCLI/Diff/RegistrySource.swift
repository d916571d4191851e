import ArgumentParser
import CloudFormationImport
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// One side of a comparison (`ecrguard diff BASE HEAD`, and `diff DIR --live` on top of it): a
/// `policies/` directory, a Terraform plan or a CloudFormation template, audited by `audit(over:options:)`,
/// the one dispatch both sides use. Two directories are read with file names relative to each
/// side's own directory (`identity/ci.json`), so that the same file in two checkouts (a pull
/// request's base in a temporary worktree or an extracted archive, its head in the workspace) has the
/// same name and the same finding fingerprints; a plan or template is laid over the directory on the
/// other side, and both are then named as given (the readers render the plan's state where that
/// directory is). `name(_:)` gives a file as the repository names it (`policies/identity/ci.json`),
/// for output, links and SARIF URIs.
struct RegistrySource {
    enum Kind: String, Equatable {
        /// A `policies/` directory, or a manifest file (`ecrguard.yaml`).
        case policies
        /// A Terraform plan in JSON (`terraform show -json`): `format_version` and `terraform_version`.
        case terraformPlan = "Terraform plan"
        /// A CloudFormation template (JSON or YAML with `AWSTemplateFormatVersion` or `Resources`).
        case cloudFormationTemplate = "CloudFormation template"
    }

    var argument: String
    var kind: Kind
    /// The absolute repository root (or the directory standing in for it) output names files from.
    var root: String
    /// The side's directory (the manifest's, or the file's), absolute.
    var directory: String
    /// How the side's files are named while it is read.
    var naming = Naming.ownDirectory

    enum Naming {
        /// Relative to the side's directory: two `policies/` checkouts name their files alike.
        case ownDirectory
        /// As the argument gives them (relative to the current directory), as `audit` does.
        case asGiven
    }

    /// `file` (as the side was read) as the repository names it.
    func name(_ file: String) -> String {
        switch naming {
        case .ownDirectory:
            let prefix = RepositoryPath.relative(directory, currentDirectory: "/", root: root)
            return prefix.map { RegistryLoader.join($0, file) } ?? file
        case .asGiven:
            return RepositoryPath.relative(file, currentDirectory: FileManager.default.currentDirectoryPath, root: root) ?? file
        }
    }

    /// Reads the argument's kind from what is on disk (a directory, a manifest, a plan, a template).
    static func classify(_ argument: String) throws -> Kind {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
            throw CLIFailure.runtime("\(argument): no such file or directory")
        }
        if isDirectory.boolValue || argument.hasSuffix(".yaml") && (argument as NSString).lastPathComponent == RegistryLoader.manifestName {
            return .policies
        }
        let head = String(decoding: (FileManager.default.contents(atPath: argument) ?? Data()).prefix(65_536), as: UTF8.self)
        if head.contains("\"format_version\"") && head.contains("\"terraform_version\"") { return .terraformPlan }
        let lines = head.split(whereSeparator: \.isNewline)
        if head.contains("AWSTemplateFormatVersion") || head.contains("\"Resources\"") || lines.contains(where: { $0.hasPrefix("Resources:") }) {
            return .cloudFormationTemplate
        }
        if argument.hasSuffix(".yaml") || argument.hasSuffix(".yml") { return .policies }
        throw CLIFailure.runtime("\(argument): not a policies/ directory, an ecrguard.yaml manifest, a Terraform plan (JSON with format_version and terraform_version) or a CloudFormation template")
    }

    /// The side named by `argument`, with its root: `repositoryRoot` when given, else the nearest
    /// directory above it holding `.git` (`RepositoryRoot`), if the side is inside it; else the
    /// side's own directory.
    static func locate(_ argument: String, repositoryRoot: String?) throws -> RegistrySource {
        let kind = try classify(argument)
        let cwd = FileManager.default.currentDirectoryPath
        let absolute = RepositoryPath.absolute(argument, currentDirectory: cwd)
        let directory = kind == .policies && (argument.hasSuffix(".yaml") || argument.hasSuffix(".yml"))
            ? (absolute as NSString).deletingLastPathComponent : absolute
        let root: String
        let candidates = [RepositoryRoot.find(explicit: repositoryRoot, near: argument), RepositoryRoot.find(explicit: nil, near: argument)]
        if let found = candidates.compactMap({ $0 }).first(where: { RepositoryPath.relative(absolute, currentDirectory: cwd, root: $0) != nil }) {
            root = found
        } else {
            root = directory
        }
        return RegistrySource(argument: argument, kind: kind, root: root, directory: directory)
    }

    /// Reads and audits the side: a directory as `audit DIR` does (its import-report.json gaps
    /// included), a plan as `audit --terraform-plan` and a template as `audit --cloudformation` do,
    /// laid over `base` (the other side, when it is a directory) so its principals and expectations
    /// judge them. Input that cannot be read throws `ManifestErrors` (with locations) or
    /// `AuditCommand.FileReadError`. `workers`: as `audit --jobs`.
    func audit(over base: RegistrySource?, options: ImportedSideOptions, workers: Int = 1) throws -> RegistryAuditResult {
        let over = base.flatMap { $0.kind == .policies ? $0.argument : nil }
        switch kind {
        case .policies:
            var result = RegistryAuditor(check: AuditChecks.all, workers: workers).audit(try load())
            if let report = try ImportReportFile.gaps(in: directory) { result.add(report.gaps) }
            return result
        case .terraformPlan:
            return try TerraformPlanAudit.audit(plan: argument, over: over, options: options.terraform, check: AuditChecks.all,
                                              workers: workers).result
        case .cloudFormationTemplate:
            var template = try CloudFormationAuditOptions.parse(["--cloudformation", argument])
            template.stack = options.stack
            return try template.audit(base: over.map { AuditCommand.locateManifest($0) }, location: options.cloudFormationLocation,
                                  workers: workers).result
        }
    }

    /// Reads a `policies/` side, its files named as `naming` says.
    func load() throws -> RegistryInput {
        let (manifestPath, directory) = AuditCommand.locateManifest(argument)
        let text = try AuditCommand.readText(manifestPath)
        switch naming {
        case .asGiven:
            return try RegistryLoader.load(manifestText: text, manifestPath: manifestPath, directory: directory, read: { try AuditCommand.readText($0) })
        case .ownDirectory:
            let absolute = RepositoryPath.absolute(directory, currentDirectory: FileManager.default.currentDirectoryPath)
            return try RegistryLoader.load(manifestText: text, manifestPath: (manifestPath as NSString).lastPathComponent, directory: ".",
                                           read: { path in try AuditCommand.readText(RegistryLoader.join(absolute, path)) })
        }
    }
}

/// What a plan or template side needs to be read: where its resources are (account, Region,
/// organization) and the values a stack is deployed with.
struct ImportedSideOptions: ParsableArguments {
    /// `--account`, `--region`, `--organization`, as `audit --terraform-plan/--cloudformation` takes them.
    @OptionGroup(title: "Plan and template location")
    var location: IaCLocationOptions

    @OptionGroup(title: "CloudFormation stack")
    var stack: CloudFormationStackOptions

    var terraform: TerraformReadOptions { location.readOptions }

    var cloudFormationLocation: CloudFormationAuditOptions.Location {
        CloudFormationAuditOptions.Location(location)
    }
}
