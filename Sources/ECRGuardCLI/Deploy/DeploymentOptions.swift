import ArgumentParser
import PolicyCore
import RegistryAudit

/// What `plan` and `apply` share: the manifest, which of its registries, the gate threshold, and how
/// to reach AWS. There is no Region setting for requests: each registry is read and written in the
/// Region the manifest gives it; `--region` only selects registries.
struct DeploymentOptions: ParsableArguments {
    @Argument(help: "The policies directory or its ecrguard.yaml.") var directory: String = "policies"
    @Option(help: "Only this registry of the manifest.") var registry: String?
    @Option(help: "Only the manifest's registries in this Region (refused when none is). Each registry is always read and written in its own Region.")
    var region: String?
    @Option(help: "Lowest severity that fails the gate: info, low, medium, high, critical. Errors always fail it.")
    var failOn: GateThreshold = GateThreshold(.high)
    @OptionGroup var connection: AWSConnectionOptions
}

/// `--fail-on` of `plan` and `apply`.
struct GateThreshold: ExpressibleByArgument {
    var severity: Severity

    init(_ severity: Severity) { self.severity = severity }

    init?(argument: String) {
        guard let severity = Severity(rawValue: argument.lowercased()) else { return nil }
        self.severity = severity
    }

    var defaultValueDescription: String { severity.rawValue }
}

/// Which registries of the manifest a run handles: `--registry` and `--region` narrow them; a filter
/// that matches nothing is a usage error, never a plan that silently covers nothing.
enum RegistrySelection {
    static func select(_ registries: [RegistryManifest], name: String?, region: String?, manifestPath: String) throws -> [RegistryManifest] {
        var selected = registries
        if let name {
            selected = selected.filter { $0.name == name }
            guard !selected.isEmpty else { throw CLIFailure.usage("no registry named '\(name)' in \(manifestPath)") }
        }
        if let region {
            let inRegion = selected.filter { $0.region == region }
            guard !inRegion.isEmpty else {
                let known = selected.map { "\($0.name) (\($0.region))" }.joined(separator: ", ")
                throw CLIFailure.usage("--region \(region): no registry of \(manifestPath)\(name.map { " named '\($0)'" } ?? "") is in \(region) (registries: \(known)); each registry is planned and applied only in its own Region")
            }
            selected = inRegion
        }
        return selected
    }
}
