import ECRClient
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport

/// Maps what `import live` read into the manifest model (pure: no I/O, no clock). Principals come
/// from the GAAD mapping shared with `import gaad`; this adds the registries, the organization (OU
/// paths, SCP levels of principals, RCP levels of registries, the management account), every failed
/// call as a gap, and the provenance.
enum LiveStateMapper {
    /// `identities` maps one account's GAAD answer (AWS CLI shape) to principals and their policies,
    /// given the texts of the account's repository and registry policies (the principals they name are kept).
    static func state(_ read: LiveRead, identities: (_ account: String, _ details: JSONValue, _ resourcePolicies: [String]) -> ImportedState) -> ImportedState {
        var policies: [String: ImportedPolicy] = [:]
        var gaps = read.failures.map(gap)
        if let organizationGap = read.organizationGap, !read.failures.contains(organizationGap) { gaps.append(gap(organizationGap)) }
        var registries: [RegistryManifest] = []
        var principals: [PrincipalManifest] = []
        var provenance = ImportProvenance(source: "live", accounts: read.accounts.map(\.account), regions: read.regions)
        for account in read.accounts {
            let membership = organization(of: account, read)
            for registry in account.registries {
                registries.append(map(registry, membership: membership, rcps: resourceControlPolicies(account, read), policies: &policies,
                                      notes: &provenance.notes))
            }
            guard let details = account.authorizationDetails else { continue }
            var identity = identities(account.account, details, resourcePolicies(account.registries))
            let scps = serviceControlPolicies(account, read)
            for var principal in identity.manifest.principals {
                switch scps {
                case .none: break
                case .notCollected: principal.serviceControlPoliciesNotCollected = true
                case .levels(let levels): principal.serviceControlPolicies = levels
                }
                if principal.organization == nil { principal.organization = membership }
                principals.append(principal)
            }
            policies.merge(identity.policies) { first, _ in first }
            gaps += identity.gaps
            provenance.principalsIncluded += identity.provenance.principalsIncluded
            provenance.principalsLeftOut += identity.provenance.principalsLeftOut
            provenance.notes += identity.provenance.notes
            identity.manifest.principals = []
        }
        for policy in read.organization?.policies.values.sorted(by: { $0.id < $1.id }) ?? [] {
            let folder = policy.type == "RESOURCE_CONTROL_POLICY" ? "rcp" : "scp"
            let path = "\(folder)/\(policy.id).json"
            if referenced(path, registries: registries, principals: principals) {
                policies[path] = ImportedPolicy(text: policy.content, origin: "organizations policy \(policy.id) (\(policy.name))")
            }
        }
        provenance.calls = callCounts(read)
        provenance.notes.sort()
        let manifest = Manifest(file: RegistryLoader.manifestName, registries: registries, principals: principals, expectations: [])
        return ImportedState(manifest: manifest, policies: policies, gaps: gaps, provenance: provenance)
    }

    static func location(_ account: String, _ region: String) -> ManifestLocation {
        ManifestLocation(file: "live:\(account)/\(region)", line: 1, column: 1)
    }

    // MARK: registries

    static func map(_ read: RegistryRead, membership: OrganizationMembership?, rcps: [[PolicyReference]], policies: inout [String: ImportedPolicy],
                    notes: inout [String]) -> RegistryManifest {
        let here = location(read.account, read.region)
        var registry = RegistryManifest(name: "\(read.account)/\(read.region)", account: read.account, region: read.region,
                                        partition: Partition.of(region: read.region).name, organization: membership, location: here)
        registry.resourceControlPolicies = rcps
        if case .some(.some(let text)) = read.registryPolicy {
            let path = "registries/\(read.account)-\(read.region).json"
            policies[path] = ImportedPolicy(text: text, origin: "ecr:GetRegistryPolicy \(read.account)/\(read.region)")
            registry.registryPolicy = PolicyReference(path: path, location: here)
        }
        // Unread scope: V2, the wider one (the registry policy also grants pulls and pushes); the gap says so.
        registry.policyScope = read.policyScope == "V1" ? .v1 : .v2
        registry.replication = replication(read.registry, here)
        registry.pullThroughCache = (read.pullThroughCacheRules ?? []).compactMap { rule in
            guard let prefix = rule["ecrRepositoryPrefix"]?.stringValue, let upstream = rule["upstreamRegistryUrl"]?.stringValue else { return nil }
            return PullThroughCacheRule(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: upstream, credentialArn: rule["credentialArn"]?.stringValue,
                                        customRoleArn: rule["customRoleArn"]?.stringValue,
                                        upstreamRepositoryPrefix: rule["upstreamRepositoryPrefix"]?.stringValue, location: here)
        }.sorted { $0.ecrRepositoryPrefix < $1.ecrRepositoryPrefix }
        let scanRules = scanOnPushFilters(read.scanningConfiguration)
        for repository in read.repositories ?? [] {
            guard let name = repository["repositoryName"]?.stringValue else { continue }
            registry.repositories.append(map(repository, name: name, read: read, scanRules: scanRules, policies: &policies, here: here))
        }
        registry.repositories.sort { $0.name < $1.name }
        for template in read.creationTemplates ?? [] where template["repositoryPolicy"]?.stringValue?.isEmpty == false {
            let prefix = template["prefix"]?.stringValue ?? "?"
            notes.append("\(read.account)/\(read.region): creation template '\(prefix)' gives a repository policy to repositories ECR creates for it (replication, pull-through cache); existing repositories are in the manifest with their own policies")
        }
        return registry
    }

    static func map(_ repository: JSONValue, name: String, read: RegistryRead, scanRules: [String], policies: inout [String: ImportedPolicy],
                    here: ManifestLocation) -> RepositoryManifest {
        var manifest = RepositoryManifest(name: name, location: here)
        if case .some(.some(let text)) = read.repositoryPolicies[name] {
            let path = "repositories/\(read.account)/\(read.region)/\(name).json"
            policies[path] = ImportedPolicy(text: text, origin: "ecr:GetRepositoryPolicy \(read.account)/\(read.region)/\(name)")
            manifest.policy = PolicyReference(path: path, location: here)
        }
        manifest.scanOnPush = repository["imageScanningConfiguration"]?["scanOnPush"]?.boolValue == true
            || scanRules.contains { wildcard($0, matches: name) }
        manifest.tagMutability = repository["imageTagMutability"]?.stringValue.flatMap(TagMutability.init(rawValue:)) ?? .mutable
        manifest.tagMutabilityExclusionFilters = (repository["imageTagMutabilityExclusionFilters"]?.arrayValue ?? [])
            .compactMap { $0["filter"]?.stringValue }.map { TagMutabilityExclusionFilter(filter: $0, location: here) }
        let encryption = repository["encryptionConfiguration"]
        if let type = encryption?["encryptionType"]?.stringValue, type.hasPrefix("KMS") {
            manifest.encryption = .kms(key: encryption?["kmsKey"]?.stringValue)
        }
        return manifest
    }

    static func replication(_ registry: JSONValue?, _ here: ManifestLocation) -> [RegistryAudit.ReplicationRule] {
        let rules = registry?["replicationConfiguration"]?["rules"]?.arrayValue ?? []
        return rules.enumerated().map { index, rule in
            let destinations = (rule["destinations"]?.arrayValue ?? []).compactMap { destination -> RegistryAudit.ReplicationDestination? in
                guard let region = destination["region"]?.stringValue, let registryId = destination["registryId"]?.stringValue else { return nil }
                return RegistryAudit.ReplicationDestination(region: region, registryId: registryId, location: here)
            }
            let filters = (rule["repositoryFilters"]?.arrayValue ?? []).compactMap { $0["filter"]?.stringValue }
                .map { RegistryAudit.RepositoryFilter(prefix: $0, location: here) }
            return RegistryAudit.ReplicationRule(index: index, destinations: destinations, filters: filters, location: here)
        }
    }

    /// The WILDCARD filters of the registry's scan-on-push (and continuous) scanning rules.
    static func scanOnPushFilters(_ configuration: JSONValue?) -> [String] {
        let rules = configuration?["scanningConfiguration"]?["rules"]?.arrayValue ?? []
        return rules.filter { ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"].contains($0["scanFrequency"]?.stringValue ?? "") }
            .flatMap { $0["repositoryFilters"]?.arrayValue ?? [] }.compactMap { $0["filter"]?.stringValue }
    }

    /// ECR's WILDCARD: `*` matches any characters, everything else itself.
    static func wildcard(_ pattern: String, matches text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        guard text.hasPrefix(parts[0]) else { return false }
        var rest = Substring(text.dropFirst(parts[0].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }

    /// The texts of the account's repository and registry policies (the principals they name stay in the matrix).
    static func resourcePolicies(_ registries: [RegistryRead]) -> [String] {
        var texts: [String] = []
        for registry in registries {
            if case .some(.some(let text)) = registry.registryPolicy { texts.append(text) }
            for name in registry.repositoryPolicies.keys.sorted() {
                if case .some(.some(let text)) = registry.repositoryPolicies[name] { texts.append(text) }
            }
        }
        return texts
    }

    // MARK: organization

    enum SCPLevels { case none, notCollected, levels([[PolicyReference]]) }

    static func organization(of account: AccountRead, _ read: LiveRead) -> OrganizationMembership? {
        guard let organization = read.organization else { return nil }
        var path: String?
        if let targets = account.placement?.targets, targets.count >= 2 {
            path = ([organization.id] + targets.dropLast()).joined(separator: "/") + "/"
        }
        return OrganizationMembership(id: organization.id, ouPath: path, managementAccount: organization.managementAccount)
    }

    static func serviceControlPolicies(_ account: AccountRead, _ read: LiveRead) -> SCPLevels {
        guard let organization = read.organization else { return read.organizationGap == nil ? .none : .notCollected }
        if account.account == organization.managementAccount || !organization.scpEnabled { return .none }
        guard let levels = account.placement?.serviceControlPolicies else { return .notCollected }
        let here = location(account.account, LiveCall.globalRegion)
        return .levels(levels.map { $0.map { PolicyReference(path: "scp/\($0).json", location: here) } })
    }

    static func resourceControlPolicies(_ account: AccountRead, _ read: LiveRead) -> [[PolicyReference]] {
        guard let organization = read.organization, organization.rcpEnabled, account.account != organization.managementAccount,
              let levels = account.placement?.resourceControlPolicies else { return [] }
        let here = location(account.account, LiveCall.globalRegion)
        return levels.map { $0.map { PolicyReference(path: "rcp/\($0).json", location: here) } }
    }

    static func referenced(_ path: String, registries: [RegistryManifest], principals: [PrincipalManifest]) -> Bool {
        registries.contains { $0.resourceControlPolicies.joined().contains { $0.path == path } }
            || principals.contains { $0.serviceControlPolicies.joined().contains { $0.path == path } }
    }

    // MARK: gaps and provenance

    static func gap(_ failure: LiveFailure) -> ImportGap {
        let code = failure.failure.isAccessDenied ? ImportDescriptors.accessDenied.code : ImportDescriptors.callFailed.code
        let message = "AWS answered \(failure.failure.code)\(summary(failure.failure.message)); \(consequence(of: failure.call))"
        return ImportGap(code: code, location: location(failure.call.account == "caller" ? "caller" : failure.call.account, failure.call.region),
                         subject: failure.call.description, message: message)
    }

    /// The error message on one line, without an HTML body, at most 160 characters.
    static func summary(_ message: String) -> String {
        guard !message.isEmpty else { return "" }
        if message.contains("<!doctype") || message.contains("<html") { return " (an HTML error page)" }
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return ": " + (line.count > 160 ? String(line.prefix(157)) + "..." : line)
    }

    static func consequence(of call: LiveCall) -> String {
        switch call.operation {
        case "AssumeRole": "nothing of this account was read"
        case "GetAccountAuthorizationDetails": "the account's principals and identity policies are unknown and not in the manifest"
        case "GetPolicy", "GetPolicyVersion": "managed policy \(call.subject ?? "") is unknown; principals attaching it are judged without it"
        case "DescribeRepositories": "the registry's repositories are unknown and not in the manifest"
        case "GetRepositoryPolicy": "the repository's policy is unknown; it is written without one"
        case "GetRegistryPolicy": "the registry policy is unknown; the registry is written without one"
        case "GetAccountSetting": "the registry policy scope (REGISTRY_POLICY_SCOPE) is unknown; written as V2, the wider scope"
        case "DescribeRegistry": "the replication configuration is unknown; written without rules"
        case "DescribePullThroughCacheRules": "the pull-through cache rules are unknown; written without any"
        case "GetRegistryScanningConfiguration": "the registry's scanning rules are unknown; scanOnPush is the repository's own setting"
        case "DescribeRepositoryCreationTemplates": "the repository creation templates are unknown"
        default: call.service == .organizations
            ? "the organization's policies are unknown: principals get 'serviceControlPolicies: not-collected', registries no RCP levels"
            : "this part of the state is unknown"
        }
    }

    /// Answers read per call name (`ecr:DescribeRepositories`), failures included.
    static func callCounts(_ read: LiveRead) -> [String: Int] {
        var counts = read.callCounts
        for failure in read.failures { counts["\(failure.call.service.rawValue):\(failure.call.operation)", default: 0] += 1 }
        return counts
    }
}
