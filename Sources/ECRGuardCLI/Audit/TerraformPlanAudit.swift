import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// `audit [DIR] --terraform-plan PLAN.json`: the plan alone, or laid over DIR's manifest so that the
/// team's expectations judge it, audited exactly as `import terraform` would write it.
enum TerraformPlanAudit {
    struct Audited {
        var input: RegistryInput
        var result: RegistryAuditResult
        /// What the report names as its inputs.
        var inputs: [String]
    }

    /// Reads the plan (and DIR), audits the result, adds the reader's gaps as findings and names each
    /// finding in a plan policy by the resource attribute it came from (`module.ecr.aws_ecr_repository_policy.this[0].policy: ...`).
    static func audit(plan: String, over directory: String?, options: TerraformReadOptions, check: @escaping PolicyCheck,
                      workers: Int = 1) throws -> Audited {
        let text = try AuditCommand.readText(plan)
        let state: ImportedState
        let root: String
        var inputs = [plan]
        do {
            if let directory {
                let (manifestPath, base) = AuditCommand.locateManifest(directory)
                state = try TerraformPlanReader.read(text: text, file: plan, options: options, layeredOver: try AuditCommand.readInput(directory))
                root = base
                inputs.append(manifestPath)
            } else {
                state = try TerraformPlanReader.read(text: text, file: plan, options: options)
                root = plan
            }
        } catch let error as TerraformPlanError {
            throw ManifestErrors([ManifestError(error.message, at: ManifestLocation(file: error.file, line: error.line, column: error.column))])
        }
        if state.manifest.registries.isEmpty {
            throw ManifestErrors([ManifestError("\(plan) describes no ECR registry (no repository, registry policy or replication resource whose account and Region are known); give DIR to lay it over a policies/ manifest",
                                                at: ManifestLocation(file: plan, line: 1, column: 1))])
        }
        let input = try state.registryInput(directory: root)
        var result = RegistryAuditor(check: check, workers: workers).audit(input)
        let origins = Dictionary(state.policies.map { (RegistryLoader.join(root, $0.key), $0.value.origin) }, uniquingKeysWith: { a, _ in a })
        for index in result.findings.indices {
            // A base policy's origin is its own file; a plan policy's is `<address>.<attribute>`.
            if let origin = origins[result.findings[index].file], origin != result.findings[index].file {
                result.findings[index].message = "\(origin): \(result.findings[index].message)"
            }
        }
        // Registry findings point into the manifest as rendered; name where the entry was written instead
        // (the plan's resource, or the base manifest's line).
        let rendered = RegistryLoader.join(root, RegistryLoader.manifestName)
        for index in result.findings.indices where result.findings[index].file == rendered {
            if let location = sourceLocation(of: result.findings[index].path, in: state.manifest) {
                result.findings[index].file = location.file
                result.findings[index].span = SourceSpan(at: SourcePosition(line: location.line, column: location.column, offset: 0))
            }
        }
        result.add(state.gaps)
        return Audited(input: input, result: result, inputs: inputs)
    }

    /// Where the registry, repository or replication rule a registry finding's path names was written
    /// (`registries[NAME].repositories[REPOSITORY]`, `registries[NAME].replication.rules[0]...`).
    static func sourceLocation(of path: String, in manifest: Manifest) -> ManifestLocation? {
        let prefix = "registries["
        guard path.hasPrefix(prefix), let close = path.firstIndex(of: "]") else { return nil }
        let name = String(path[path.index(path.startIndex, offsetBy: prefix.count)..<close])
        guard let registry = manifest.registries.first(where: { $0.name == name }) else { return nil }
        let rest = path[path.index(after: close)...]
        let repositories = ".repositories["
        if rest.hasPrefix(repositories), let end = rest.firstIndex(of: "]") {
            let repository = String(rest[rest.index(rest.startIndex, offsetBy: repositories.count)..<end])
            return registry.repository(named: repository)?.location ?? registry.location
        }
        let rules = ".replication.rules["
        if rest.hasPrefix(rules), let end = rest.firstIndex(of: "]"),
           let rule = Int(rest[rest.index(rest.startIndex, offsetBy: rules.count)..<end]), rule < registry.replication.count {
            return registry.replication[rule].location
        }
        return registry.location
    }
}
