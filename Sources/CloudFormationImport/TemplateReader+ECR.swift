import RegistryAudit

extension TemplateReader {
    func noteRegistry(_ resource: TemplateResource, _ contents: inout StackContents) {
        if contents.registryLocation == nil { contents.registryLocation = resource.location }
    }

    func repository(_ resource: TemplateResource, _ contents: inout StackContents) {
        noteRegistry(resource, &contents)
        guard let name = attempt(&contents, subject(resource, "RepositoryName"), { () throws(UnresolvedValue) in try resolver.physicalName(resource) }) else { return }
        let path = "repositories/\(options.account)/\(options.region)/\(name).json"
        let policy = policy(resource.property("RepositoryPolicyText"), origin: subject(resource, "RepositoryPolicyText"), path: path, &contents)
        var repository = RepositoryManifest(name: name, policy: policy, location: resource.location)
        if let value = attempt(&contents, subject(resource, "ImageTagMutability"), { () throws(UnresolvedValue) in try resolved(resource, "ImageTagMutability") }),
           let value {
            if let text = value.scalarText, let mutability = TagMutability(rawValue: text) {
                repository.tagMutability = mutability
            } else {
                let known = TagMutability.allCases.map(\.rawValue).joined(separator: ", ")
                contents.unsupported("ImageTagMutability '\(value.scalarText ?? value.typeDescription)' is not one ecrguard models (\(known))",
                                     at: value.location, subject: subject(resource, "ImageTagMutability"))
            }
        }
        if let filters = attempt(&contents, subject(resource, "ImageTagMutabilityExclusionFilters"), { () throws(UnresolvedValue) in
            try exclusionFilters(resource)
        }) {
            repository.tagMutabilityExclusionFilters = filters
        }
        if let scanning = attempt(&contents, subject(resource, "ImageScanningConfiguration"), { () throws(UnresolvedValue) in try resolved(resource, "ImageScanningConfiguration") }),
           let scan = scanning?["ScanOnPush"] {
            repository.scanOnPush = scan.scalarText == "true"
        }
        if let encryption = attempt(&contents, subject(resource, "EncryptionConfiguration"), { () throws(UnresolvedValue) in
            try encryption(resource)
        }) {
            repository.encryption = encryption
        }
        contents.repositories.append(repository)
    }

    private func exclusionFilters(_ resource: TemplateResource) throws(UnresolvedValue) -> [TagMutabilityExclusionFilter] {
        guard let list = try resolved(resource, "ImageTagMutabilityExclusionFilters") else { return [] }
        var filters: [TagMutabilityExclusionFilter] = []
        for entry in list.elements ?? [] {
            guard entry["ImageTagMutabilityExclusionFilterType"]?.scalarText == "WILDCARD",
                  let filter = entry["ImageTagMutabilityExclusionFilterValue"]?.scalarText else {
                throw UnresolvedValue("an exclusion filter needs ImageTagMutabilityExclusionFilterType WILDCARD and ImageTagMutabilityExclusionFilterValue", at: entry.location)
            }
            filters.append(TagMutabilityExclusionFilter(filter: filter, location: entry.location))
        }
        return filters
    }

    private func encryption(_ resource: TemplateResource) throws(UnresolvedValue) -> RepositoryEncryption {
        guard let configuration = resource.property("EncryptionConfiguration"),
              let type = configuration["EncryptionType"] else { return .aes256 }
        let typeText = try resolver.string(type, "EncryptionType")
        guard typeText.hasPrefix("KMS") else { return .aes256 }
        guard let key = configuration["KmsKey"] else { return .kms(key: nil) }
        // The key is not part of the access model: a key created in the same stack is named by
        // its reference rather than made a gap.
        do throws(UnresolvedValue) {
            return .kms(key: try resolver.string(key, "KmsKey"))
        } catch {
            return .kms(key: "known after deployment (\(resource.logicalId).Properties.EncryptionConfiguration.KmsKey)")
        }
    }

    func registryPolicy(_ resource: TemplateResource, _ contents: inout StackContents) {
        noteRegistry(resource, &contents)
        if let existing = contents.registryPolicy {
            contents.unsupported("a registry has one registry policy; another is defined at \(existing.location)", at: resource.location, subject: subject(resource))
            return
        }
        let path = "registries/\(options.account)-\(options.region).json"
        contents.registryPolicy = policy(resource.property("PolicyText"), origin: subject(resource, "PolicyText"), path: path, &contents)
    }

    func replication(_ resource: TemplateResource, _ contents: inout StackContents) {
        noteRegistry(resource, &contents)
        let what = subject(resource, "ReplicationConfiguration")
        if contents.definedRegistrySettings.contains(.replication) {
            contents.unsupported("a registry has one replication configuration; another is defined earlier", at: resource.location, subject: what)
            return
        }
        contents.definedRegistrySettings.insert(.replication)
        guard let configuration = attempt(&contents, what, { () throws(UnresolvedValue) in try resolved(resource, "ReplicationConfiguration") }),
              let configuration else { return }
        let rules = attempt(&contents, what) { () throws(UnresolvedValue) -> [ReplicationRule] in
            var rules: [ReplicationRule] = []
            for (index, rule) in (configuration["Rules"]?.elements ?? []).enumerated() {
                var destinations: [ReplicationDestination] = []
                for destination in rule["Destinations"]?.elements ?? [] {
                    guard let region = destination["Region"]?.scalarText, let registry = destination["RegistryId"]?.scalarText else {
                        throw UnresolvedValue("a replication destination needs Region and RegistryId", at: destination.location)
                    }
                    destinations.append(ReplicationDestination(region: region, registryId: registry, location: destination.location))
                }
                var filters: [RepositoryFilter] = []
                for filter in rule["RepositoryFilters"]?.elements ?? [] {
                    guard let prefix = filter["Filter"]?.scalarText else {
                        throw UnresolvedValue("a repository filter needs Filter", at: filter.location)
                    }
                    guard filter["FilterType"]?.scalarText ?? "PREFIX_MATCH" == "PREFIX_MATCH" else {
                        throw UnresolvedValue("FilterType must be PREFIX_MATCH", at: filter.location)
                    }
                    filters.append(RepositoryFilter(prefix: prefix, location: filter.location))
                }
                rules.append(ReplicationRule(index: index, destinations: destinations, filters: filters, location: rule.location))
            }
            return rules
        }
        contents.replication = rules ?? []
    }

    func pullThroughCache(_ resource: TemplateResource, _ contents: inout StackContents) {
        noteRegistry(resource, &contents)
        let rule = attempt(&contents, subject(resource)) { () throws(UnresolvedValue) -> PullThroughCacheRule in
            let prefix = try resolved(resource, "EcrRepositoryPrefix")?.scalarText ?? "ROOT"
            guard let upstream = try resolved(resource, "UpstreamRegistryUrl")?.scalarText else {
                throw UnresolvedValue("a pull through cache rule needs UpstreamRegistryUrl", at: resource.location)
            }
            var credential: String?
            if let value = resource.property("CredentialArn") {
                do throws(UnresolvedValue) { credential = try resolver.string(value, "CredentialArn") } catch {
                    credential = "known after deployment (\(resource.logicalId).Properties.CredentialArn)"
                }
            }
            let customRole = try resolved(resource, "CustomRoleArn")?.scalarText
            let upstreamPrefix = try resolved(resource, "UpstreamRepositoryPrefix")?.scalarText
            return PullThroughCacheRule(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: upstream, credentialArn: credential,
                                        customRoleArn: customRole, upstreamRepositoryPrefix: upstreamPrefix, location: resource.location)
        }
        if let rule { contents.pullThroughCache.append(rule) }
    }

    func creationTemplate(_ resource: TemplateResource, _ contents: inout StackContents) {
        let prefix = resource.property("Prefix")?.scalarText ?? "?"
        if resource.property("RepositoryPolicy") != nil {
            contents.unsupported(
                         "repository creation template '\(prefix)' gives repositories ECR creates later (pull through cache, replication, create on push) a policy; ecrguard does not audit repositories that do not exist yet",
                         at: resource.location, subject: subject(resource, "RepositoryPolicy"))
        } else {
            contents.notes.append("\(template.file): repository creation template '\(prefix)' (\(resource.logicalId)) has no repository policy")
        }
    }
}
