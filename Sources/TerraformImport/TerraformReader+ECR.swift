import PolicyCore
import RegistryAudit

/// ECR resources: repositories and their policies, registry policies and scope, replication, pull-through cache.
extension TerraformReader {
    mutating func readECR() {
        for resource in resources("aws_ecr_repository") { readRepository(resource) }
        for resource in resources("aws_ecr_repository_policy") { readRepositoryPolicy(resource) }
        for resource in resources("aws_ecr_registry_policy") { readRegistryPolicy(resource) }
        for resource in resources("aws_ecr_account_setting") { readAccountSetting(resource) }
        for resource in resources("aws_ecr_replication_configuration") { readReplication(resource) }
        for resource in resources("aws_ecr_pull_through_cache_rule") { readPullThroughCache(resource) }
    }

    /// `repositories/<account>/<region>/<name>.json`.
    static func repositoryPolicyFile(_ placement: Placement, _ name: String) -> String {
        "repositories/\(placement.account)/\(placement.region)/\(name).json"
    }

    mutating func readRepository(_ resource: TerraformResource) {
        guard let placement = placement(resource), let name = string(resource, "name"), let name else { return }
        declared.insert(.repository(placement, name))
        var mutability = TagMutability.mutable
        if let text = string(resource, "image_tag_mutability"), let text {
            if let value = TagMutability(rawValue: text) { mutability = value } else {
                gap("IAC_UNSUPPORTED", resource, subject: resource.addressText + ".image_tag_mutability",
                    "\(resource.addressText).image_tag_mutability '\(text)' is not represented by this ecrguard")
            }
        }
        let scanPath: [ValuePath] = [.key("image_scanning_configuration"), .index(0), .key("scan_on_push")]
        let scan = bool(resource, scanPath, attribute: "image_scanning_configuration", display: "image_scanning_configuration[0].scan_on_push")
        var encryption = RepositoryEncryption.aes256
        let typePath: [ValuePath] = [.key("encryption_configuration"), .index(0), .key("encryption_type")]
        if let type = string(resource, typePath, attribute: "encryption_configuration", display: "encryption_configuration[0].encryption_type"),
           type == "KMS" {
            let keyPath: [ValuePath] = [.key("encryption_configuration"), .index(0), .key("kms_key")]
            // An unknown key (a key created in the same plan) is still KMS encryption: no gap for it.
            if case .known(let node) = resource.value(keyPath), let key = node.stringValue, !key.isEmpty {
                encryption = .kms(key: key)
            } else {
                encryption = .kms(key: nil)
            }
        }
        var exclusions: [TagMutabilityExclusionFilter] = []
        if mutability.takesExclusionFilters {
            for i in 0..<(resource.count([.key("image_tag_mutability_exclusion_filter")]) ?? 0) {
                let display = "image_tag_mutability_exclusion_filter[\(i)].filter"
                if let filter = string(resource, [.key("image_tag_mutability_exclusion_filter"), .index(i), .key("filter")],
                                       attribute: "image_tag_mutability_exclusion_filter", display: display) ?? nil {
                    exclusions.append(TagMutabilityExclusionFilter(filter: filter, location: location(resource)))
                }
            }
        }
        var repository = RepositoryManifest(name: name, scanOnPush: (scan ?? nil) ?? false, tagMutability: mutability, encryption: encryption,
                                            location: location(resource))
        repository.tagMutabilityExclusionFilters = exclusions
        upsert(repository, in: placement, at: resource) { _ in repository }
    }

    /// Adds a repository to its registry, or changes the one already there (the index keeps this linear).
    mutating func upsert(_ new: RepositoryManifest, in placement: Placement, at resource: TerraformResource,
                         change: (RepositoryManifest) -> RepositoryManifest) {
        let existing = repositoryIndex[placement]?[new.name]
        var added: Int?
        withRegistry(placement, at: resource) { registry in
            if let existing {
                registry.repositories[existing] = change(registry.repositories[existing])
            } else {
                added = registry.repositories.count
                registry.repositories.append(new)
            }
        }
        if let added { repositoryIndex[placement, default: [:]][new.name] = added }
    }

    mutating func readRepositoryPolicy(_ resource: TerraformResource) {
        let named: String? = { if case .known(let node) = resource.value("repository") { return node.stringValue } else { return nil } }()
        guard let placement = placement(resource, repository: named), let name = repositoryName(of: resource, placement: placement) else { return }
        declared.insert(.repositoryPolicy(placement, name))
        guard let policy = policy(resource, [.key("policy")], attribute: "policy", file: Self.repositoryPolicyFile(placement, name)) else { return }
        // A repository the plan does not declare: its settings are not known, only its policy.
        upsert(RepositoryManifest(name: name, policy: policy, location: location(resource)), in: placement, at: resource) { repository in
            var repository = repository
            repository.policy = policy
            return repository
        }
    }

    /// The repository a policy names; when unknown, the `aws_ecr_repository` its configuration references.
    mutating func repositoryName(of resource: TerraformResource, placement: Placement) -> String? {
        switch resource.value("repository") {
        case .known(let node):
            if let name = node.stringValue, !name.isEmpty { return name }
        case .unknown:
            let targets = document.referencedResources(resource.references("repository"), from: resource, type: "aws_ecr_repository",
                                                       among: resources("aws_ecr_repository"))
            if targets.count == 1, case .known(let node) = targets[0].value("name"), let name = node.stringValue { return name }
        case .absent:
            break
        }
        unknown(resource, "repository")
        return nil
    }

    mutating func readRegistryPolicy(_ resource: TerraformResource) {
        guard let placement = placement(resource) else { return }
        declared.insert(.registryPolicy(placement))
        let file = "registries/\(placement.account)-\(placement.region).json"
        guard let policy = policy(resource, [.key("policy")], attribute: "policy", file: file) else { return }
        withRegistry(placement, at: resource) { $0.registryPolicy = policy }
    }

    /// `aws_ecr_account_setting` with `name = "REGISTRY_POLICY_SCOPE"` sets the registry policy's scope.
    mutating func readAccountSetting(_ resource: TerraformResource) {
        guard let name = string(resource, "name"), name == "REGISTRY_POLICY_SCOPE" else { return }
        guard let placement = placement(resource) else { return }
        declared.insert(.scope(placement))
        guard let value = string(resource, "value"), let value else { return }
        guard let scope = RegistryPolicyScope(rawValue: value) else {
            gap("IAC_UNSUPPORTED", resource, subject: resource.addressText + ".value",
                "\(resource.addressText).value '\(value)' is not a registry policy scope (V1 or V2)")
            return
        }
        withRegistry(placement, at: resource) { $0.policyScope = scope }
    }

    mutating func readReplication(_ resource: TerraformResource) {
        guard let placement = placement(resource) else { return }
        declared.insert(.replication(placement))
        let configuration: [ValuePath] = [.key("replication_configuration"), .index(0)]
        guard let ruleCount = resource.count(configuration + [.key("rule")]) else {
            unknown(resource, "replication_configuration", display: "replication_configuration[0].rule")
            return
        }
        var rules: [ReplicationRule] = []
        for r in 0..<ruleCount {
            let rule = configuration + [.key("rule"), .index(r)]
            let prefix = "replication_configuration[0].rule[\(r)]"
            var destinations: [ReplicationDestination] = []
            for d in 0..<(resource.count(rule + [.key("destination")]) ?? 0) {
                let destination = rule + [.key("destination"), .index(d)]
                let region = string(resource, destination + [.key("region")], attribute: "replication_configuration",
                                    display: "\(prefix).destination[\(d)].region")
                let registry = string(resource, destination + [.key("registry_id")], attribute: "replication_configuration",
                                      display: "\(prefix).destination[\(d)].registry_id")
                if let region = region ?? nil, let registry = registry ?? nil {
                    destinations.append(ReplicationDestination(region: region, registryId: registry, location: location(resource)))
                }
            }
            var filters: [RepositoryFilter] = []
            for f in 0..<(resource.count(rule + [.key("repository_filter")]) ?? 0) {
                let filter = string(resource, rule + [.key("repository_filter"), .index(f), .key("filter")], attribute: "replication_configuration",
                                    display: "\(prefix).repository_filter[\(f)].filter")
                if let filter = filter ?? nil { filters.append(RepositoryFilter(prefix: filter, location: location(resource))) }
            }
            rules.append(ReplicationRule(index: r, destinations: destinations, filters: filters, location: location(resource)))
        }
        withRegistry(placement, at: resource) { $0.replication = rules }
    }

    mutating func readPullThroughCache(_ resource: TerraformResource) {
        guard let placement = placement(resource) else { return }
        declared.insert(.pullThroughCache(placement))
        guard let prefix = string(resource, "ecr_repository_prefix") ?? nil,
              let upstream = string(resource, "upstream_registry_url") ?? nil else { return }
        let credential = string(resource, "credential_arn") ?? nil
        let role = string(resource, "custom_role_arn") ?? nil
        let upstreamPrefix = string(resource, "upstream_repository_prefix") ?? nil
        let rule = PullThroughCacheRule(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: upstream, credentialArn: credential,
                                        customRoleArn: role, upstreamRepositoryPrefix: upstreamPrefix, location: location(resource))
        withRegistry(placement, at: resource) { $0.pullThroughCache.append(rule) }
    }
}
