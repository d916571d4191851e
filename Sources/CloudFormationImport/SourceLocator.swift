import PolicyCore
import RegistryAudit

/// Points findings about text the import generated back at where it came from.
///
/// The audit reads an import as `ManifestWriter` renders it, so its findings name lines of the
/// rendered `ecrguard.yaml` and of the written policy files, which need not exist on disk. This maps
/// them back: a manifest line to the entry it belongs to (the template resource, or the base
/// manifest's own line when layered), a policy written from a template mapping to the template's
/// line and column of the part the finding's JSON path names.
public struct SourceLocator: Sendable {
    /// Rendered manifest line → where that entry came from, sorted by line.
    private let manifestLines: [(line: Int, origin: ManifestLocation)]
    private let manifestFile: String
    /// Full policy path as the audit names it → the policy as read from the template.
    private let policies: [String: TemplatePolicy]

    /// `original` is the manifest as the readers built it (with their locations), `rendered` the same
    /// manifest decoded from its rendered text at `renderedFile`; `policies` are keyed by the paths the
    /// audit names (the policies directory joined with the manifest's path).
    public init(original: Manifest, rendered: Manifest, renderedFile: String, policies: [String: TemplatePolicy]) {
        var origins: [String: ManifestLocation] = [:]
        var lines: [(Int, ManifestLocation)] = []
        for (key, location) in Self.entries(original) where origins[key] == nil { origins[key] = location }
        for (key, location) in Self.entries(rendered) {
            if let origin = origins[key], location.file == renderedFile { lines.append((location.line, origin)) }
        }
        manifestLines = lines.sorted { $0.0 < $1.0 }
        manifestFile = renderedFile
        self.policies = policies
    }

    public func locate(_ finding: Finding) -> Finding {
        var located = finding
        let origin: ManifestLocation?
        if finding.file == manifestFile {
            origin = manifestLines.last { $0.line <= finding.span.start.line }?.origin
        } else if let policy = policies[finding.file] {
            origin = policy.templateLocation(of: finding.path)
        } else {
            origin = nil
        }
        guard let origin else { return finding }
        located.file = origin.file
        located.span = SourceSpan(at: SourcePosition(line: origin.line, column: origin.column, offset: 0))
        return located
    }

    /// An input error (a policy that does not parse, a principal that cannot be simulated) at its source.
    public func locate(_ error: ManifestError) -> ManifestError {
        var located = error
        if error.location.file == manifestFile {
            located.location = manifestLines.last { $0.line <= error.location.line }?.origin ?? error.location
        } else if let policy = policies[error.location.file] {
            located.location = policy.location
        }
        return located
    }

    /// Every located entry of a manifest by a key that names it independently of where it is written.
    static func entries(_ manifest: Manifest) -> [(String, ManifestLocation)] {
        var out: [(String, ManifestLocation)] = []
        for registry in manifest.registries {
            let r = "registry \(registry.account)/\(registry.region)"
            out.append((r, registry.location))
            if let policy = registry.registryPolicy { out.append(("\(r) policy", policy.location)) }
            for rule in registry.replication {
                out.append(("\(r) replication \(rule.index)", rule.location))
                for destination in rule.destinations { out.append(("\(r) replication \(rule.index) to \(destination.label)", destination.location)) }
                for filter in rule.filters { out.append(("\(r) replication \(rule.index) filter \(filter.prefix)", filter.location)) }
            }
            for rule in registry.pullThroughCache { out.append(("\(r) cache \(rule.ecrRepositoryPrefix)", rule.location)) }
            for repository in registry.repositories {
                out.append(("\(r) repository \(repository.name)", repository.location))
                if let policy = repository.policy { out.append(("\(r) repository \(repository.name) policy", policy.location)) }
            }
        }
        for principal in manifest.principals {
            let p = "principal \(principal.name)"
            out.append((p, principal.location))
            for policy in principal.identityPolicies { out.append(("\(p) identity \(policy.path)", policy.location)) }
            if let boundary = principal.permissionBoundary { out.append(("\(p) boundary", boundary.location)) }
            if let session = principal.sessionPolicy { out.append(("\(p) session", session.location)) }
            for (level, policies) in principal.serviceControlPolicies.enumerated() {
                for policy in policies { out.append(("\(p) scp \(level) \(policy.path)", policy.location)) }
            }
        }
        for (index, expectation) in manifest.expectations.enumerated() {
            out.append(("expectation \(index)", expectation.location))
        }
        return out
    }
}
