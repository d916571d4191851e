import ECRClient
import Foundation
import JMESPath
import PolicyChecks
import PolicyCore
import RegistryAudit

/// The gate of the model-driven operations that install access or delete data. Each is checked
/// before anything is sent; a refusal exits 1 with the findings on stderr (`PolicyGate`).
struct ModelGate {
    var session: ECRSession
    var options: ECRGateSettings
    /// Member name -> the file its value was read from.
    var sources: [String: String]

    static let gatedOperations: Set<String> = [
        "SetRepositoryPolicy", "PutRegistryPolicy", "PutLifecyclePolicy", "CreateRepositoryCreationTemplate", "UpdateRepositoryCreationTemplate",
        "CreatePullThroughCacheRule", "BatchDeleteImage", "DeleteRepository",
    ]

    func vet(_ operation: CLIOperation, body: OrderedJSON) throws {
        guard Self.gatedOperations.contains(operation.name) else { return }
        let gate = options.gate(CheckContext(accountID: body["registryId"]?.stringValue, region: session.region))
        var findings: [Finding] = []
        switch operation.name {
        case "SetRepositoryPolicy":
            let context = CheckContext(accountID: body["registryId"]?.stringValue, repositoryName: body["repositoryName"]?.stringValue,
                                       region: session.region)
            let policy = body["policyText"]?.stringValue ?? ""
            try options.gate(context).vet(policy, kind: .repository, file: source("policyText"))
            return
        case "PutRegistryPolicy":
            try gate.vet(body["policyText"]?.stringValue ?? "", kind: .registry, file: source("policyText"))
            return
        case "PutLifecyclePolicy":
            findings = try lifecycleFindings(body)
        case "CreateRepositoryCreationTemplate", "UpdateRepositoryCreationTemplate":
            let prefix = body["prefix"]?.stringValue ?? "?"
            if let policy = body["repositoryPolicy"]?.stringValue {
                findings += PolicyChecker().check(policy, kind: .repository, file: source("repositoryPolicy"), context: gate.context)
            }
            if let lifecycle = body["lifecyclePolicy"]?.stringValue {
                findings += LifecyclePolicyReader.read(lifecycle, file: source("lifecyclePolicy")).findings
            }
            try gate.decide(findings, what: "creation template \(prefix) (its repository policy becomes the policy of every repository ECR creates from it)")
            return
        case "CreatePullThroughCacheRule":
            findings = pullThroughCacheFindings(body, context: gate.context)
        case "BatchDeleteImage", "DeleteRepository":
            let repository = body["repositoryName"]?.stringValue ?? ""
            if try GateManifest.load(options.manifest)?.isProtected(repository, registryId: body["registryId"]?.stringValue, region: session.region) == true {
                findings.append(ECRCallDescriptors.deletesProtectedRepository.finding(
                    file: "--repository-name", message: "\(repository) is protected in the manifest; \(operation.cliName) would delete it or its images"))
            }
        default:
            break
        }
        try gate.decide(findings, what: operation.cliName)
    }

    private func source(_ member: String) -> String { sources[member] ?? "--" + ModelArguments.kebab(member) }

    /// ECR's rules for the policy, then, for a repository the manifest protects, whether it can empty
    /// the repository (statically, and against the images it holds now).
    private func lifecycleFindings(_ body: OrderedJSON) throws -> [Finding] {
        let text = body["lifecyclePolicyText"]?.stringValue ?? ""
        let file = source("lifecyclePolicyText")
        let result = LifecyclePolicyReader.read(text, file: file)
        let repository = body["repositoryName"]?.stringValue ?? ""
        guard let policy = result.policy,
              try GateManifest.load(options.manifest)?.isProtected(repository, registryId: body["registryId"]?.stringValue, region: session.region) == true
        else { return result.findings }
        var request: [(String, OrderedJSON)] = [("repositoryName", .string(repository))]
        if let registryId = body["registryId"] { request.insert(("registryId", registryId), at: 0) }
        let pages = try session.performAllPages("DescribeImages", body: request, resultKey: "imageDetails")
        let listing = try LifecycleImageListing.read(pages.merged.jsonText, file: "describe-images \(repository)")
        return result.findings + LifecycleProtection.check(policy, repository: repository, file: file, images: listing,
                                                           now: Date().timeIntervalSince1970)
    }

    /// The creation template ECR will apply to every repository the rule creates, and its policy
    /// checked as theirs. Templates that cannot be listed fail the gate (fail closed).
    private func pullThroughCacheFindings(_ body: OrderedJSON, context: CheckContext) -> [Finding] {
        let prefix = body["ecrRepositoryPrefix"]?.stringValue ?? ""
        var request: [(String, OrderedJSON)] = []
        if let registryId = body["registryId"] { request.append(("registryId", registryId)) }
        let templates: [OrderedJSON]
        do {
            let answer = try session.performAllPages("DescribeRepositoryCreationTemplates", body: request, resultKey: "repositoryCreationTemplates")
            templates = (try? OrderedJSON.parse(answer.merged.jsonText))?["repositoryCreationTemplates"]?.arrayValue ?? []
        } catch {
            return [ECRCallDescriptors.noCreationTemplateReadable.finding(file: "--ecr-repository-prefix",
                message: "cannot list the repository creation templates, so the policy of the repositories \(prefix)/... will get is unknown: \(error)")]
        }
        let candidates = templates.map {
            CreationTemplateMatch.Template(prefix: $0["prefix"]?.stringValue ?? "", appliedFor: $0["appliedFor"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        guard let match = CreationTemplateMatch.template(for: prefix, feature: "PULL_THROUGH_CACHE", in: candidates),
              let template = templates.first(where: { $0["prefix"]?.stringValue == match.prefix }) else {
            return [ECRCallDescriptors.creationTemplateApplies.finding(file: "--ecr-repository-prefix",
                message: "no repository creation template applies to \(prefix)/...: ECR creates those repositories with default settings and no repository policy")]
        }
        var findings = [ECRCallDescriptors.creationTemplateApplies.finding(file: "--ecr-repository-prefix",
            message: "repositories this rule creates (\(prefix)/...) get the settings of creation template '\(match.prefix)'")]
        if let policy = template["repositoryPolicy"]?.stringValue, !policy.isEmpty {
            findings += PolicyChecker().check(policy, kind: .repository, file: "creation-template:\(match.prefix):repositoryPolicy", context: context)
        }
        return findings
    }
}

extension ECRSession {
    /// The Region requests are signed for (the registry's Region).
    var region: String { ecr.client.signingRegion }
}

extension RuleDescriptor {
    /// A finding of this code about a call, at 1:1 of what `file` names.
    func finding(file: String, message: String) -> Finding {
        Finding(code: code, severity: severity, category: category, file: file, span: .unknown, path: "", message: message, remediation: remediation)
    }
}

extension JMESValue {
    /// The value as JSON text (Python's `json.dumps` spelling).
    var jsonText: String { PythonText.indentedJSON(self) }
}

/// The manifest as the `ecr` gate reads it (`--manifest`): which repositories are protected and
/// which accounts replication may reach. Read in full, so a manifest with errors stops the call.
struct GateManifest {
    var registries: [RegistryManifest]

    static func load(_ argument: String?) throws -> GateManifest? {
        guard let argument else { return nil }
        let (manifestPath, directory) = AuditCommand.locateManifest(argument)
        do {
            let text = try AuditCommand.readText(manifestPath)
            let input = try RegistryLoader.load(manifestText: text, manifestPath: manifestPath, directory: directory,
                                                read: { path in try AuditCommand.readText(path) })
            return GateManifest(registries: input.manifest.registries)
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch {
            throw CLIFailure.runtime("--manifest: \(error)")
        }
    }

    var accounts: Set<String> { Set(registries.map(\.account)) }

    /// Whether a registry of the manifest in `region` (and the account `registryId`, when given) has
    /// this repository marked `protected: true`.
    func isProtected(_ repository: String, registryId: String?, region: String) -> Bool {
        registries.contains { registry in
            registry.region == region && (registryId == nil || registry.account == registryId)
                && registry.repositories.contains { $0.name == repository && $0.protected }
        }
    }
}
