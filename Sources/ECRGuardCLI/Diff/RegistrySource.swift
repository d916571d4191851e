import Foundation
import PolicyCore
import RegistryAudit

/// One side of a comparison (`ecrguard diff BASE HEAD`, and `diff DIR --live` on top of it): what
/// the argument names, read into a `RegistryInput` whose file names are relative to the side's own
/// directory (`identity/ci.json`), so that the same file in two checkouts (a pull request's base in a
/// temporary worktree or an extracted archive, its head in the workspace) has the same name and the
/// same finding fingerprints. `name(_:)` gives a file as the repository names it (`policies/identity/ci.json`),
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
    /// The side's directory (the manifest's), absolute.
    var directory: String

    /// `file` (relative to the side's directory, as `load` names it) as the repository names it.
    func name(_ file: String) -> String {
        let prefix = RepositoryPath.relative(directory, currentDirectory: "/", root: root)
        return prefix.map { RegistryLoader.join($0, file) } ?? file
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

    /// Reads the side. Input that cannot be read or decoded throws `ManifestErrors` (with locations)
    /// or `AuditCommand.FileReadError`; a kind whose reader is not part of this build is an input error.
    func load() throws -> RegistryInput {
        switch kind {
        case .policies:
            let (manifestPath, directory) = AuditCommand.locateManifest(argument)
            let text = try AuditCommand.readText(manifestPath)
            let absolute = RepositoryPath.absolute(directory, currentDirectory: FileManager.default.currentDirectoryPath)
            return try RegistryLoader.load(manifestText: text, manifestPath: (manifestPath as NSString).lastPathComponent, directory: ".",
                                           read: { path in try AuditCommand.readText(RegistryLoader.join(absolute, path)) })
        case .terraformPlan, .cloudFormationTemplate:
            throw ManifestErrors([ManifestError("\(argument) is a \(kind.rawValue); this build of ecrguard cannot read one as a side of a comparison",
                                                at: ManifestLocation(file: argument, line: 1, column: 1))])
        }
    }
}
