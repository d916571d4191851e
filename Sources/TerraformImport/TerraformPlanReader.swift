import PolicyCore
import RegistryAudit
import RegistryImport

/// Reads `terraform show -json` output — a saved plan (`terraform show -json PLAN`) or a state
/// (`terraform show -json`), JSON format version 1.x — into the import model every reader produces.
///
/// Entry point: `TerraformPlanReader.read(text:file:options:) throws(TerraformPlanError) -> ImportedState`.
/// Pure: text in, value out (`import terraform`, `audit --terraform-plan` and `diff` call it).
/// - Proposed state from `planned_values` (a plan) or `values` (a state); data sources from
///   `prior_state`; `resource_changes[].change.after_unknown` for values known only after apply;
///   `configuration` for references, module inputs and provider Regions. Unknown keys are ignored;
///   a `format_version` other than 1.x is an error naming the file.
/// - Every manifest entry's location is the resource's line:column in the file; every policy is
///   recorded with its origin `<address>.<attribute>`.
/// - What cannot be resolved or represented is a gap at the resource (`IAC_VALUE_UNKNOWN`,
///   `IAC_UNSUPPORTED`), never a guess.
public enum TerraformPlanReader {
    public static func read(text: String, file: String, options: TerraformReadOptions) throws(TerraformPlanError) -> ImportedState {
        try readParts(text: text, file: file, options: options).importedState(file: file)
    }

    /// The plan laid over a `policies/` input: what the plan declares replaces the base's entries, what it
    /// does not manage keeps the base's (`TerraformReader.layered(_:over:)`), and the base's expectations judge it.
    public static func read(text: String, file: String, options: TerraformReadOptions, layeredOver base: RegistryInput) throws(TerraformPlanError) -> ImportedState {
        let parts = try readParts(text: text, file: file, options: options)
        return parts.layered(parts.importedState(file: file), over: base)
    }

    /// The reader's walk over a document, before it becomes an `ImportedState` (tests look inside it).
    static func readParts(text: String, file: String, options: TerraformReadOptions) throws(TerraformPlanError) -> TerraformReader {
        let document = try TerraformDocument.parse(text: text, file: file)
        return TerraformReader.read(document, options: options)
    }
}

extension TerraformReader {
    /// The manifest built: registries by account and Region, repositories and principals by name.
    func manifest(file: String) -> Manifest {
        let registries = registries.values.sorted { ($0.account, $0.region) < ($1.account, $1.region) }.map { registry in
            var registry = registry
            registry.repositories.sort { $0.name < $1.name }
            return registry
        }
        return Manifest(file: file, registries: registries, principals: principals.values.sorted { $0.name < $1.name }, expectations: [])
    }

    func importedState(file: String) -> ImportedState {
        let manifest = manifest(file: file)
        let accounts = Set(manifest.registries.map(\.account) + manifest.principals.compactMap(\.account)).sorted()
        let provenance = ImportProvenance(
            source: "terraform \(document.isState ? "state" : "plan") \(file)", accounts: accounts,
            regions: Set(manifest.registries.map(\.region)).sorted(), principalsIncluded: manifest.principals.count,
            notes: ["terraform show -json format_version \(document.formatVersion)"])
        return ImportedState(manifest: manifest, policies: policies.mapValues { ImportedPolicy(text: $0.text, origin: $0.origin) },
                             gaps: gaps.map { ImportGap(code: $0.code, location: $0.location, subject: $0.subject, message: $0.message) },
                             provenance: provenance)
    }
}
