import PolicyCore
import Yams

/// Turns the text of `ecrguard.yaml` into a `Manifest`, or every problem with it, each at its
/// file, line and column. Only the structure is read here; policy files are the loader's job.
public enum ManifestDecoder {
    public static func decode(_ text: String, file: String) throws(ManifestErrors) -> Manifest {
        let reader = YAMLReader(file: file)
        let root: Node
        do {
            // The basic resolver reads every scalar as text (the decoder interprets it): no regular
            // expressions per scalar, and `<<` merge keys are rejected as unknown keys.
            guard let node = try Yams.compose(yaml: text, .basic) else {
                throw ManifestErrors([ManifestError("the manifest is empty; it must describe at least one registry", at: ManifestLocation(file: file, line: 1, column: 1))])
            }
            root = node
        } catch let errors as ManifestErrors {
            throw errors
        } catch {
            throw ManifestErrors([syntaxError(error, file: file)])
        }
        let manifest = ManifestBuilder(reader: reader).manifest(root)
        if !reader.errors.isEmpty || manifest == nil {
            throw ManifestErrors(reader.errors.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
        }
        return manifest!
    }

    /// A YAML syntax error from libyaml, at its position.
    public static func syntaxError(_ error: any Error, file: String) -> ManifestError {
        func at(_ mark: Mark) -> ManifestLocation { ManifestLocation(file: file, line: mark.line, column: mark.column) }
        guard let yaml = error as? YamlError else {
            return ManifestError("not valid YAML: \(error)", at: ManifestLocation(file: file, line: 1, column: 1))
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return ManifestError("not valid YAML: \(detail)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ManifestError("duplicate key '\(duplicates.joined(separator: "', '"))' in one mapping", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return ManifestError("not valid YAML text: \(problem)", at: ManifestLocation(file: file, line: 1, column: 1))
        default:
            return ManifestError("not valid YAML: \(yaml)", at: ManifestLocation(file: file, line: 1, column: 1))
        }
    }
}

/// Walks the YAML tree; each method reads one construct of the format.
struct ManifestBuilder {
    let reader: YAMLReader

    func manifest(_ root: Node) -> Manifest? {
        guard let top = reader.mapping(root, "the manifest", allowed: ["version", "registries", "principals", "expectations"]) else { return nil }
        if let version = top.required("version"), let text = reader.string(version, "'version'"), text != "1" {
            reader.error("unsupported manifest version '\(text)'; this ecrguard reads version 1", at: version)
        }
        var registries: [RegistryManifest] = []
        if let node = top.required("registries"), let items = reader.sequence(node, "'registries'") {
            if items.isEmpty { reader.error("'registries' must list at least one registry", at: node) }
            registries = items.compactMap(registry)
        }
        let principals = top["principals"].flatMap { reader.sequence($0, "'principals'") }?.compactMap(principal) ?? []
        let expectations = top["expectations"].flatMap { reader.sequence($0, "'expectations'") }?.compactMap(expectation) ?? []
        let manifest = Manifest(file: reader.file, registries: registries, principals: principals, expectations: expectations)
        ManifestValidator(reader: reader).validate(manifest)
        return manifest
    }

    // MARK: registries

    func registry(_ node: Node) -> RegistryManifest? {
        guard let m = reader.mapping(node, "a registry", allowed: ["name", "account", "region", "partition", "organization",
                                                                   "registryPolicy", "replication", "pullThroughCache", "repositories",
                                                                   "resourceControlPolicies"]) else { return nil }
        let account = m.required("account").flatMap(accountID)
        let region = m.required("region").flatMap(regionName)
        let partition = m.optionalString("partition") ?? "aws"
        let organization = m["organization"].flatMap(organizationMembership)
        var policy: PolicyReference?
        var scope = RegistryPolicyScope.v2
        if let node = m["registryPolicy"], let p = reader.mapping(node, "'registryPolicy'", allowed: ["file", "scope"]) {
            policy = p.required("file").flatMap { policyReference($0, "'file' of 'registryPolicy'") }
            scope = p["scope"].flatMap { reader.choice($0, "'scope' of 'registryPolicy'", RegistryPolicyScope.self) } ?? .v2
        }
        let replication = m["replication"].flatMap(replicationRules) ?? []
        let cache = m["pullThroughCache"].flatMap { reader.sequence($0, "'pullThroughCache'") }?.compactMap(pullThroughCacheRule) ?? []
        let repositories = m["repositories"].flatMap { reader.sequence($0, "'repositories'") }?.compactMap(repository) ?? []
        let rcps = m["resourceControlPolicies"].flatMap {
            policyLevels($0, "'resourceControlPolicies' (one list of files per level, root first)", "a resource control policy of the registry")
        } ?? []
        guard let account, let region else { return nil }
        return RegistryManifest(name: m.optionalString("name") ?? "\(account)/\(region)", account: account, region: region,
                                partition: partition, organization: organization, registryPolicy: policy, policyScope: scope,
                                replication: replication, pullThroughCache: cache, repositories: repositories,
                                resourceControlPolicies: rcps, location: m.location)
    }

    func organizationMembership(_ node: Node) -> OrganizationMembership? {
        guard let m = reader.mapping(node, "'organization'", allowed: ["id", "ouPath", "managementAccount"]) else { return nil }
        guard let idNode = m.required("id"), let id = reader.string(idNode, "'id' of 'organization'") else { return nil }
        if !ManifestSyntax.isOrganizationID(id) {
            reader.error("'\(id)' is not an organization id: expected 'o-' and 10 to 32 lowercase letters or digits", at: idNode)
        }
        var path: String?
        if let pathNode = m["ouPath"], let text = reader.string(pathNode, "'ouPath' of 'organization'") {
            if !text.hasPrefix(id + "/") || !text.hasSuffix("/") {
                reader.error("'ouPath' must be the aws:PrincipalOrgPaths form '\(id)/r-xxxx/ou-xxxx-xxxxxxxx/' starting with the organization id and ending with '/'", at: pathNode)
            }
            path = text
        }
        let management = m["managementAccount"].flatMap(accountID)
        return OrganizationMembership(id: id, ouPath: path, managementAccount: management)
    }

    func replicationRules(_ node: Node) -> [ReplicationRule]? {
        guard let m = reader.mapping(node, "'replication'", allowed: ["rules"]),
              let rulesNode = m.required("rules"), let items = reader.sequence(rulesNode, "'rules' of 'replication'") else { return nil }
        if items.count > 10 { reader.error("a replication configuration holds at most 10 rules, found \(items.count)", at: rulesNode) }
        return items.enumerated().compactMap { index, item in
            guard let r = reader.mapping(item, "a replication rule", allowed: ["destinations", "repositoryFilters"]) else { return nil }
            var destinations: [ReplicationDestination] = []
            if let dn = r.required("destinations"), let ds = reader.sequence(dn, "'destinations' of a replication rule") {
                if ds.isEmpty { reader.error("a replication rule needs at least one destination", at: dn) }
                destinations = ds.compactMap { replicationDestination($0, "a replication destination") }
            }
            let filters = r["repositoryFilters"].flatMap { reader.sequence($0, "'repositoryFilters'") }?.compactMap(repositoryFilter) ?? []
            return ReplicationRule(index: index, destinations: destinations, filters: filters, location: reader.location(item))
        }
    }

    func replicationDestination(_ node: Node, _ what: String) -> ReplicationDestination? {
        guard let m = reader.mapping(node, what, allowed: ["region", "registryId"]) else { return nil }
        let region = m.required("region").flatMap(regionName)
        let registry = m.required("registryId").flatMap(accountID)
        guard let region, let registry else { return nil }
        return ReplicationDestination(region: region, registryId: registry, location: m.location)
    }

    func repositoryFilter(_ node: Node) -> RepositoryFilter? {
        guard let m = reader.mapping(node, "a repository filter", allowed: ["filter", "filterType"]) else { return nil }
        if let typeNode = m.required("filterType"), let type = reader.string(typeNode, "'filterType'"), type != "PREFIX_MATCH" {
            reader.error("'filterType' must be PREFIX_MATCH (the only filter type ECR supports), found '\(type)'", at: typeNode)
        }
        guard let filterNode = m.required("filter"), let prefix = reader.string(filterNode, "'filter'") else { return nil }
        if !ManifestSyntax.isRepositoryFilter(prefix) {
            reader.error("'\(prefix)' is not a valid PREFIX_MATCH filter: lowercase letters, digits and . _ - / only, at most 256 characters", at: filterNode)
        }
        return RepositoryFilter(prefix: prefix, location: reader.location(filterNode))
    }

    func pullThroughCacheRule(_ node: Node) -> PullThroughCacheRule? {
        guard let m = reader.mapping(node, "a pull-through cache rule", allowed: ["ecrRepositoryPrefix", "upstreamRegistryUrl", "credentialArn",
                                                                                  "customRoleArn", "upstreamRepositoryPrefix"]) else { return nil }
        let prefix = m.requiredString("ecrRepositoryPrefix")
        let upstream = m.requiredString("upstreamRegistryUrl")
        let credential = m.optionalString("credentialArn")
        if let credential, let node = m["credentialArn"],
           !(credential.hasPrefix("arn:") && credential.contains(":secretsmanager:") && credential.contains(":secret:ecr-pullthroughcache/")) {
            reader.error("'credentialArn' must be the ARN of a Secrets Manager secret named 'ecr-pullthroughcache/...' (never the credentials themselves)", at: node)
        }
        let role = m.optionalString("customRoleArn")
        if let role, let node = m["customRoleArn"], !(ARN(role).map { $0.service == "iam" && $0.resource.hasPrefix("role/") } ?? false) {
            reader.error("'customRoleArn' must be the ARN of an IAM role (arn:aws:iam::123456789012:role/NAME), found '\(role)'", at: node)
        }
        let upstreamPrefix = m.optionalString("upstreamRepositoryPrefix")
        guard let prefix, let upstream else { return nil }
        return PullThroughCacheRule(ecrRepositoryPrefix: prefix, upstreamRegistryUrl: upstream, credentialArn: credential,
                                    customRoleArn: role, upstreamRepositoryPrefix: upstreamPrefix, location: m.location)
    }

    func repository(_ node: Node) -> RepositoryManifest? {
        guard let m = reader.mapping(node, "a repository", allowed: ["name", "policy", "scanOnPush", "imageTagMutability",
                                                                     "imageTagMutabilityExclusionFilters", "encryption", "protected"]) else { return nil }
        guard let nameNode = m.required("name"), let name = reader.string(nameNode, "'name' of a repository") else { return nil }
        if !ManifestSyntax.isRepositoryName(name) {
            reader.error("'\(name)' is not a valid ECR repository name: 2 to 256 lowercase letters, digits and separators (. _ - /), starting and ending with a letter or digit", at: nameNode)
        }
        let policy = m["policy"].flatMap { policyReference($0, "'policy' of repository '\(name)'") }
        let scan = m["scanOnPush"].flatMap { reader.bool($0, "'scanOnPush'") } ?? false
        let mutability = m["imageTagMutability"].flatMap { reader.choice($0, "'imageTagMutability'", TagMutability.self) } ?? .mutable
        let encryption = m["encryption"].flatMap(encryption) ?? .aes256
        let exclusions = m["imageTagMutabilityExclusionFilters"].flatMap {
            reader.sequence($0, "'imageTagMutabilityExclusionFilters'")
        }?.compactMap(exclusionFilter) ?? []
        if mutability.takesExclusionFilters, exclusions.isEmpty {
            reader.error("imageTagMutability \(mutability.rawValue) needs 'imageTagMutabilityExclusionFilters' (1 to 5 {filter, filterType: WILDCARD})",
                         at: m["imageTagMutability"] ?? node)
        }
        if !mutability.takesExclusionFilters, let filters = m["imageTagMutabilityExclusionFilters"] {
            reader.error("'imageTagMutabilityExclusionFilters' applies only to IMMUTABLE_WITH_EXCLUSION and MUTABLE_WITH_EXCLUSION (imageTagMutability is \(mutability.rawValue))", at: filters)
        }
        if exclusions.count > 5, let filters = m["imageTagMutabilityExclusionFilters"] {
            reader.error("a repository has at most 5 tag mutability exclusion filters, found \(exclusions.count)", at: filters)
        }
        let protected = m["protected"].flatMap { reader.bool($0, "'protected'") } ?? false
        return RepositoryManifest(name: name, policy: policy, scanOnPush: scan, tagMutability: mutability, encryption: encryption,
                                  tagMutabilityExclusionFilters: exclusions, protected: protected, location: m.location)
    }

    /// `{filter: "release-*", filterType: WILDCARD}`: ECR's pattern is 1 to 128 of `0-9 a-z A-Z . _ * -`.
    func exclusionFilter(_ node: Node) -> TagMutabilityExclusionFilter? {
        guard let m = reader.mapping(node, "a tag mutability exclusion filter", allowed: ["filter", "filterType"]) else { return nil }
        if let typeNode = m.required("filterType"), let type = reader.string(typeNode, "'filterType'"), type != "WILDCARD" {
            reader.error("'filterType' of a tag mutability exclusion filter must be WILDCARD (the only type ECR supports), found '\(type)'", at: typeNode)
        }
        guard let filterNode = m.required("filter"), let filter = reader.string(filterNode, "'filter'") else { return nil }
        if !ManifestSyntax.isTagFilter(filter) {
            reader.error("'\(filter)' is not a valid tag filter: 1 to 128 letters, digits and . _ - *", at: filterNode)
        }
        return TagMutabilityExclusionFilter(filter: filter, location: reader.location(filterNode))
    }

    func encryption(_ node: Node) -> RepositoryEncryption? {
        let type: String?
        var key: String?
        var typeNode = node
        if case .scalar = node {
            type = reader.string(node, "'encryption'")
        } else {
            guard let m = reader.mapping(node, "'encryption'", allowed: ["type", "kmsKey"]) else { return nil }
            typeNode = m.required("type") ?? node
            type = m.requiredString("type")
            key = m.optionalString("kmsKey")
            if key != nil, type == "AES256", let keyNode = m["kmsKey"] {
                reader.error("'kmsKey' applies only to encryption type KMS", at: keyNode)
            }
        }
        switch type {
        case "AES256": return .aes256
        case "KMS": return .kms(key: key)
        case nil: return nil
        case let other?:
            reader.error("encryption type must be AES256 or KMS, found '\(other)'", at: typeNode)
            return nil
        }
    }

    // MARK: principals

    func principal(_ node: Node) -> PrincipalManifest? {
        guard let m = reader.mapping(node, "a principal", allowed: ["name", "arn", "identityPolicies", "permissionBoundary", "sessionPolicy",
                                                                    "serviceControlPolicies", "organization", "context", "groups"]) else { return nil }
        let name = m.requiredString("name")
        var identity: String?
        if let arnNode = m.required("arn"), let text = reader.string(arnNode, "'arn' of a principal") {
            if ManifestSyntax.isPrincipalIdentity(text) { identity = text } else {
                // The same explanation the policy core gives for a principal ARN in a policy.
                let reason = ARN(text).flatMap { ARN.isAccountID($0.account) ? PrincipalFormatRule.notAPrincipal($0) : nil }
                    ?? "expected an IAM or STS ARN (arn:aws:iam::123456789012:role/ci), a service principal (ecr.amazonaws.com) or 'anonymous'"
                reader.error("'\(text)' is not a principal: \(reason)", at: arnNode)
            }
        }
        let what = "principal '\(name ?? "?")'"
        let identityPolicies = m["identityPolicies"].flatMap { reader.sequence($0, "'identityPolicies' of \(what)", allowScalar: true) }?
            .compactMap { policyReference($0, "an identity policy of \(what)") } ?? []
        let boundary = m["permissionBoundary"].flatMap { policyReference($0, "'permissionBoundary' of \(what)") }
        let session = m["sessionPolicy"].flatMap { policyReference($0, "'sessionPolicy' of \(what)") }
        var scps: [[PolicyReference]] = []
        var notCollected = false
        if let node = m["serviceControlPolicies"] {
            if case .scalar(let scalar) = node, scalar.string == ManifestSyntax.notCollected {
                notCollected = true
            } else {
                scps = policyLevels(node, "'serviceControlPolicies' (one list of files per level, root first, or \(ManifestSyntax.notCollected))",
                                    "a service control policy of \(what)") ?? []
            }
        }
        let organization = m["organization"].flatMap(organizationMembership)
        let context = m["context"].flatMap(requestContext) ?? [:]
        let groups = m["groups"].flatMap { reader.sequence($0, "'groups' of \(what)", allowScalar: true) }?
            .compactMap { reader.string($0, "a group name") } ?? []
        guard let name, let identity else { return nil }
        return PrincipalManifest(name: name, identity: identity, identityPolicies: identityPolicies, permissionBoundary: boundary,
                                 sessionPolicy: session, serviceControlPolicies: scps, organization: organization, context: context,
                                 serviceControlPoliciesNotCollected: notCollected, groups: groups, location: m.location)
    }

    /// One list of policy files per organization level, root first (SCPs of a principal, RCPs of a registry).
    func policyLevels(_ node: Node, _ what: String, _ each: String) -> [[PolicyReference]]? {
        guard let levels = reader.sequence(node, what) else { return nil }
        return levels.map { level in
            (reader.sequence(level, "a level of \(what) (a list of files)", allowScalar: true) ?? []).compactMap { policyReference($0, each) }
        }
    }

    func requestContext(_ node: Node) -> [String: [String]]? {
        guard case .mapping(let mapping) = node else {
            reader.error("'context' must map condition keys to a value or a list of values", at: node)
            return nil
        }
        var context: [String: [String]] = [:]
        for (keyNode, value) in mapping {
            guard let key = reader.string(keyNode, "a context key") else { continue }
            if !key.contains(":") { reader.error("'\(key)' is not a condition key (expected service:Key, as aws:SourceVpce)", at: keyNode) }
            let values = reader.sequence(value, "the value of '\(key)'", allowScalar: true)?.compactMap { reader.string($0, "a value of '\(key)'") }
            context[key] = values ?? []
        }
        return context
    }

    // MARK: expectations

    func expectation(_ node: Node) -> Expectation? {
        if case .mapping(let mapping) = node, mapping["replication"] != nil {
            return replicationExpectation(node).map(Expectation.replication)
        }
        return accessExpectation(node).map(Expectation.access)
    }

    func accessExpectation(_ node: Node) -> AccessExpectation? {
        guard let m = reader.mapping(node, "an expectation", allowed: ["principal", "registry", "repository", "repositories", "can", "cannot"]) else { return nil }
        let principal = m.requiredString("principal")
        let registry = m.optionalString("registry")
        var repositories: [RepositoryReference] = []
        switch (m["repository"], m["repositories"]) {
        case (let one?, nil):
            repositories = reader.string(one, "'repository'").map { [RepositoryReference(registry: registry, name: $0, location: reader.location(one))] } ?? []
        case (nil, let many?):
            repositories = (reader.sequence(many, "'repositories'", allowScalar: true) ?? []).compactMap { item in
                reader.string(item, "a repository name").map { RepositoryReference(registry: registry, name: $0, location: reader.location(item)) }
            }
        case (_?, _?):
            reader.error("an expectation names its repositories with either 'repository' or 'repositories', not both", at: node)
        case (nil, nil):
            reader.error("an expectation is missing required key 'repository' (or 'repositories')", at: node)
        }
        let can = m["can"].flatMap { capabilities($0, "'can'") } ?? []
        let cannot = m["cannot"].flatMap { capabilities($0, "'cannot'") } ?? []
        if m["can"] == nil && m["cannot"] == nil {
            reader.error("an expectation must say what the principal 'can' or 'cannot' do", at: node)
        }
        for c in can where cannot.contains(where: { $0.capability == c.capability }) {
            reader.error("'\(c.capability.rawValue)' is listed under both 'can' and 'cannot'", at: c.location)
        }
        guard let principal else { return nil }
        return AccessExpectation(principal: principal, repositories: repositories, can: can, cannot: cannot, location: m.location)
    }

    func capabilities(_ node: Node, _ what: String) -> [ExpectedCapability]? {
        reader.sequence(node, what, allowScalar: true)?.compactMap { item in
            guard let capability = reader.choice(item, "a capability in \(what)", Capability.self) else { return nil }
            if capability == .replicate {
                reader.error("'replicate' is expected per destination: write '- replication: REPOSITORY' with 'to: {region, registryId}'", at: item)
                return nil
            }
            return ExpectedCapability(capability, location: reader.location(item))
        }
    }

    func replicationExpectation(_ node: Node) -> ReplicationExpectation? {
        guard let m = reader.mapping(node, "a replication expectation", allowed: ["replication", "registry", "to", "arrives"]) else { return nil }
        let registry = m.optionalString("registry")
        let repository = m.required("replication").flatMap { n in
            reader.string(n, "'replication' (the source repository)").map { RepositoryReference(registry: registry, name: $0, location: reader.location(n)) }
        }
        let destination = m.required("to").flatMap { replicationDestination($0, "'to' of a replication expectation") }
        let arrives = m["arrives"].flatMap { reader.bool($0, "'arrives'") } ?? true
        guard let repository, let destination else { return nil }
        return ReplicationExpectation(repository: repository, destination: destination, arrives: arrives, location: m.location)
    }

    // MARK: scalars

    func policyReference(_ node: Node, _ what: String) -> PolicyReference? {
        guard let path = reader.string(node, what) else { return nil }
        if path.hasPrefix("/") || path.hasPrefix("~") {
            reader.error("\(what) must be a path relative to the manifest's directory, found '\(path)'", at: node)
            return nil
        }
        return PolicyReference(path: path, location: reader.location(node))
    }

    func accountID(_ node: Node) -> String? {
        guard let text = reader.string(node, "an account id") else { return nil }
        guard ManifestSyntax.isAccountID(text) else {
            reader.error("'\(text)' is not an AWS account id: expected 12 digits (quote it in YAML to keep leading zeros)", at: node)
            return nil
        }
        return text
    }

    func regionName(_ node: Node) -> String? {
        guard let text = reader.string(node, "a region") else { return nil }
        guard ManifestSyntax.isRegion(text) else {
            reader.error("'\(text)' is not an AWS Region name such as us-east-1", at: node)
            return nil
        }
        return text
    }
}
