import PolicyCore
import RegistryAudit

/// Writes an `ImportedState` as a `policies/` directory: `ecrguard.yaml` and every policy file.
///
/// Deterministic: registries are written by account and Region, repositories and principals by
/// name, keys in one fixed order, policies pretty-printed by `JSONFormat.policy` with their member
/// order kept. A second import of an unchanged source therefore changes no byte, and `git diff` of
/// two imports is the drift between them.
public enum ManifestWriter {
    /// The first lines of every written manifest.
    static let header = """
        # Written by `ecrguard import`; `ecrguard audit DIR` reads it (format: docs/policies-format.md).
        # What the import could not read is listed in import-report.json and fails the audit.
        """

    /// Relative path → text, for `ecrguard.yaml` and every policy file.
    public static func files(for state: ImportedState) -> [String: String] {
        var files: [String: String] = [RegistryLoader.manifestName: manifestText(state.manifest)]
        for (path, policy) in state.policies {
            files[path] = policyText(policy.text)
        }
        return files
    }

    /// A policy as written: pretty-printed JSON (member order kept) and a final newline; text that
    /// does not parse as JSON is kept as it is, so the audit reports it at its own line and column.
    public static func policyText(_ text: String) -> String {
        guard let node = try? JSONParser.parse(text) else { return text }
        return OrderedJSON(node).rendered(.policy) + "\n"
    }

    public static func manifestText(_ manifest: Manifest) -> String {
        var y = YAMLText()
        for line in header.split(separator: "\n") { y.line(0, String(line)) }
        y.line(0, "version: 1")
        y.blank()
        y.line(0, "registries:")
        for registry in manifest.registries.sorted(by: { ($0.account, $0.region) < ($1.account, $1.region) }) {
            write(registry, into: &y)
        }
        let principals = manifest.principals.sorted { $0.name < $1.name }
        if !principals.isEmpty {
            y.blank()
            y.line(0, "principals:")
            for principal in principals { write(principal, into: &y) }
        }
        if !manifest.expectations.isEmpty {
            y.blank()
            y.line(0, "expectations:")
            for expectation in manifest.expectations { write(expectation, into: &y) }
        }
        return y.text
    }

    // MARK: registries

    static func write(_ registry: RegistryManifest, into y: inout YAMLText) {
        y.line(1, "- account: \(YAMLText.scalar(registry.account))")
        y.field(2, "region", registry.region)
        if registry.name != "\(registry.account)/\(registry.region)" { y.field(2, "name", registry.name) }
        if registry.partition != "aws" { y.field(2, "partition", registry.partition) }
        if let organization = registry.organization { write(organization, key: "organization", indent: 2, into: &y) }
        if let policy = registry.registryPolicy {
            y.line(2, "registryPolicy:")
            y.field(3, "file", policy.path)
            y.field(3, "scope", registry.policyScope.rawValue)
        }
        if !registry.resourceControlPolicies.isEmpty {
            y.line(2, "resourceControlPolicies:")
            for level in registry.resourceControlPolicies { y.line(3, "- " + YAMLText.flowList(level.map(\.path))) }
        }
        if !registry.replication.isEmpty {
            y.line(2, "replication:")
            y.line(3, "rules:")
            for rule in registry.replication {
                y.line(4, "- destinations:")
                for destination in rule.destinations {
                    y.line(6, "- " + YAMLText.flowMap([("region", destination.region), ("registryId", destination.registryId)]))
                }
                if !rule.filters.isEmpty {
                    y.line(5, "repositoryFilters:")
                    for filter in rule.filters {
                        y.line(6, "- " + YAMLText.flowMap([("filter", filter.prefix), ("filterType", "PREFIX_MATCH")]))
                    }
                }
            }
        }
        if !registry.pullThroughCache.isEmpty {
            y.line(2, "pullThroughCache:")
            for rule in registry.pullThroughCache.sorted(by: { $0.ecrRepositoryPrefix < $1.ecrRepositoryPrefix }) {
                y.line(3, "- ecrRepositoryPrefix: \(YAMLText.scalar(rule.ecrRepositoryPrefix))")
                y.field(4, "upstreamRegistryUrl", rule.upstreamRegistryUrl)
                if let credential = rule.credentialArn { y.field(4, "credentialArn", credential) }
                if let role = rule.customRoleArn { y.field(4, "customRoleArn", role) }
                if let prefix = rule.upstreamRepositoryPrefix { y.field(4, "upstreamRepositoryPrefix", prefix) }
            }
        }
        if !registry.repositories.isEmpty {
            y.line(2, "repositories:")
            for repository in registry.repositories.sorted(by: { $0.name < $1.name }) { write(repository, into: &y) }
        }
    }

    static func write(_ organization: OrganizationMembership, key: String, indent: Int, into y: inout YAMLText) {
        y.line(indent, "\(key):")
        y.field(indent + 1, "id", organization.id)
        if let path = organization.ouPath { y.field(indent + 1, "ouPath", path) }
        if let management = organization.managementAccount { y.field(indent + 1, "managementAccount", management) }
    }

    static func write(_ repository: RepositoryManifest, into y: inout YAMLText) {
        y.line(3, "- name: \(YAMLText.scalar(repository.name))")
        if let policy = repository.policy { y.field(4, "policy", policy.path) }
        y.line(4, "scanOnPush: \(repository.scanOnPush)")
        y.field(4, "imageTagMutability", repository.tagMutability.rawValue)
        if !repository.tagMutabilityExclusionFilters.isEmpty {
            y.line(4, "imageTagMutabilityExclusionFilters:")
            for filter in repository.tagMutabilityExclusionFilters {
                y.line(5, "- " + YAMLText.flowMap([("filter", filter.filter), ("filterType", "WILDCARD")]))
            }
        }
        switch repository.encryption {
        case .aes256: y.line(4, "encryption: {type: AES256}")
        case .kms(let key?): y.line(4, "encryption: " + YAMLText.flowMap([("type", "KMS"), ("kmsKey", key)]))
        case .kms(nil): y.line(4, "encryption: {type: KMS}")
        }
        if repository.protected { y.line(4, "protected: true") }
    }

    // MARK: principals

    static func write(_ principal: PrincipalManifest, into y: inout YAMLText) {
        y.line(1, "- name: \(YAMLText.scalar(principal.name))")
        y.field(2, "arn", principal.identity)
        if !principal.groups.isEmpty { y.line(2, "groups: " + YAMLText.flowList(principal.groups)) }
        if !principal.identityPolicies.isEmpty {
            y.line(2, "identityPolicies:")
            for policy in principal.identityPolicies { y.line(3, "- " + YAMLText.scalar(policy.path)) }
        }
        if let boundary = principal.permissionBoundary { y.field(2, "permissionBoundary", boundary.path) }
        if let session = principal.sessionPolicy { y.field(2, "sessionPolicy", session.path) }
        if principal.serviceControlPoliciesNotCollected {
            y.field(2, "serviceControlPolicies", PrincipalManifest.notCollected)
        } else if !principal.serviceControlPolicies.isEmpty {
            y.line(2, "serviceControlPolicies:")
            for level in principal.serviceControlPolicies { y.line(3, "- " + YAMLText.flowList(level.map(\.path))) }
        }
        if let organization = principal.organization { write(organization, key: "organization", indent: 2, into: &y) }
        if !principal.context.isEmpty {
            y.line(2, "context:")
            for (key, values) in principal.context.sorted(by: { $0.key < $1.key }) {
                y.line(3, "\(YAMLText.scalar(key)): \(YAMLText.flowList(values))")
            }
        }
    }

    // MARK: expectations

    static func write(_ expectation: Expectation, into y: inout YAMLText) {
        switch expectation {
        case .access(let e):
            y.line(1, "- principal: \(YAMLText.scalar(e.principal))")
            if let registry = Set(e.repositories.compactMap(\.registry)).first { y.field(2, "registry", registry) }
            y.line(2, "repositories: " + YAMLText.flowList(e.repositories.map(\.name)))
            if !e.can.isEmpty { y.line(2, "can: " + YAMLText.flowList(e.can.map(\.capability.rawValue))) }
            if !e.cannot.isEmpty { y.line(2, "cannot: " + YAMLText.flowList(e.cannot.map(\.capability.rawValue))) }
            if e.can.isEmpty && e.cannot.isEmpty { y.line(2, "can: []") }
        case .replication(let e):
            y.line(1, "- replication: \(YAMLText.scalar(e.repository.name))")
            if let registry = e.repository.registry { y.field(2, "registry", registry) }
            y.line(2, "to: " + YAMLText.flowMap([("region", e.destination.region), ("registryId", e.destination.registryId)]))
            y.line(2, "arrives: \(e.arrives)")
        }
    }
}
