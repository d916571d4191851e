import PolicyCore

/// Codes the `ecrguard ecr` gate reports about a call rather than a policy text.
public enum ECRCallDescriptors {
    public static let replicationOutsideManifest = RuleDescriptor(
        code: "REPLICATION_OUTSIDE_MANIFEST", severity: .high, category: .securityWarning,
        title: "Replication copies images to an account the manifest does not describe",
        help: "A cross-account replication destination receives a copy of every image pushed to the matching repositories, and the destination account's own policies decide who can read them. ecrguard allows destinations in this registry's account and in the accounts of the manifest's registries; any other account is refused (without a manifest, every other account).",
        remediation: "Describe the destination registry in the manifest (and give --manifest), or remove the destination.")
    public static let creationTemplateApplies = RuleDescriptor(
        code: "CREATION_TEMPLATE_APPLIES", severity: .info, category: .suggestion,
        title: "Repositories created by this call get a creation template's settings",
        help: "ECR creates a repository for every new image a pull-through cache rule or replication brings in, with the repository policy and lifecycle policy of the repository creation template whose prefix matches (ROOT when none does). ecrguard checks that template's policy as the policy of every such repository.")
    public static let noCreationTemplateReadable = RuleDescriptor(
        code: "CREATION_TEMPLATE_UNKNOWN", severity: .high, category: .warning,
        title: "The creation templates that apply cannot be read",
        help: "ecrguard could not list the registry's repository creation templates (DescribeRepositoryCreationTemplates failed), so it cannot tell which repository policy every repository this call creates will get. The gate fails closed.")
    public static let deletesProtectedRepository = RuleDescriptor(
        code: "DELETES_PROTECTED_REPOSITORY", severity: .critical, category: .securityWarning,
        title: "Call deletes a protected repository or its images",
        help: "The manifest marks the repository protected: true; deleting it, or images in it, is refused unless --ignore-findings is given.")

    public static var all: [RuleDescriptor] {
        [replicationOutsideManifest, creationTemplateApplies, noCreationTemplateReadable, deletesProtectedRepository]
    }
}

/// Which replication destinations leave the accounts ecrguard knows: checked on the
/// `replicationConfiguration` JSON exactly as it will be sent, so findings point into it.
public enum ReplicationReach {
    /// `allowedAccounts`: this registry's account and the manifest's registries' accounts. A destination
    /// without a readable registryId is reported too (fail closed).
    public static func outsideDestinations(_ configuration: JSONNode, allowedAccounts: Set<String>, file: String) -> [Finding] {
        var findings: [Finding] = []
        let d = ECRCallDescriptors.replicationOutsideManifest
        func report(_ node: JSONNode, path: String, _ message: String) {
            findings.append(Finding(code: d.code, severity: d.severity, category: d.category, file: file, span: node.span, path: path,
                                    message: message, remediation: d.remediation))
        }
        for (r, rule) in (configuration["rules"]?.elements ?? []).enumerated() {
            for (i, destination) in (rule["destinations"]?.elements ?? []).enumerated() {
                let path = "rules[\(r)].destinations[\(i)]"
                guard let account = destination["registryId"]?.stringValue else {
                    report(destination, path: path, "destination has no registryId, so ecrguard cannot tell which account receives the images")
                    continue
                }
                if !allowedAccounts.contains(account) {
                    let region = destination["region"]?.stringValue ?? "?"
                    report(destination["registryId"] ?? destination, path: path + ".registryId",
                           "replication to account \(account) (\(region)) copies every matching image to an account outside the manifest (known: \(allowedAccounts.sorted().joined(separator: ", ")))")
                }
            }
        }
        return findings
    }
}

/// Which repository creation template ECR applies to a repository it creates for a pull-through
/// cache rule or replication: the template whose prefix is the longest matching one for the
/// repository name's namespace (a prefix `p` matches names starting `p/`), else `ROOT`; only templates
/// whose `appliedFor` includes the feature.
public enum CreationTemplateMatch {
    public struct Template: Sendable, Equatable {
        public var prefix: String
        public var appliedFor: [String]
        public init(prefix: String, appliedFor: [String]) {
            self.prefix = prefix
            self.appliedFor = appliedFor
        }
    }

    /// `namespace`: the pull-through cache rule's `ecrRepositoryPrefix` (its repositories are
    /// `namespace/...`); `feature`: `PULL_THROUGH_CACHE` or `REPLICATION`.
    public static func template(for namespace: String, feature: String, in templates: [Template]) -> Template? {
        let candidates = templates.filter { $0.appliedFor.contains(feature) }
        let name = namespace.hasSuffix("/") ? namespace : namespace + "/"
        let matching = candidates.filter { $0.prefix != "ROOT" && name.hasPrefix($0.prefix.hasSuffix("/") ? $0.prefix : $0.prefix + "/") }
        if let longest = matching.max(by: { $0.prefix.count < $1.prefix.count }) { return longest }
        return candidates.first { $0.prefix == "ROOT" }
    }
}
