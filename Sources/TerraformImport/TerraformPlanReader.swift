import PolicyCore
import RegistryAudit

/// Reads `terraform show -json` output — a saved plan (`terraform show -json PLAN`) or a state
/// (`terraform show -json`), JSON format version 1.x — into ecrguard's registry manifest.
///
/// Entry point: `TerraformPlanReader.read(text:file:options:)`. Pure: text in, value out.
/// - Proposed state from `planned_values` (a plan) or `values` (a state); data sources from
///   `prior_state`; `resource_changes[].change.after_unknown` for values known only after apply;
///   `configuration` for references, module inputs and provider Regions. Unknown keys are ignored;
///   a `format_version` other than 1.x is an error naming the file.
/// - Every manifest entry's location is the resource's line:column in the file; every policy is
///   recorded with its origin `<address>.<attribute>`.
/// - What cannot be resolved is a gap at the resource (`IAC_VALUE_UNKNOWN`, `IAC_UNSUPPORTED`,
///   `SCPS_NOT_COLLECTED`), never a guess.
public enum TerraformPlanReader {
    /// The manifest parts a document describes (before they become an `ImportedState`).
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
}

extension TerraformPlanReader {
    /// Until the shared import model lands: the reader's result, for the benchmark.
    public static func read(text: String, file: String, options: TerraformReadOptions) throws(TerraformPlanError) -> TerraformReadResult {
        let parts = try readParts(text: text, file: file, options: options)
        return TerraformReadResult(manifest: parts.manifest(file: file), policyCount: parts.policies.count, gapCount: parts.gaps.count)
    }

    public static func summary(_ result: TerraformReadResult) -> String {
        "\(result.manifest.registries.count) registries, \(result.manifest.registries.map(\.repositories.count).reduce(0, +)) repositories, "
            + "\(result.manifest.principals.count) principals, \(result.policyCount) policies, \(result.gapCount) gaps"
    }
}

public struct TerraformReadResult: Sendable {
    public var manifest: Manifest
    public var policyCount: Int
    public var gapCount: Int
}
