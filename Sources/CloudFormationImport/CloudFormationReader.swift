import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport

/// Reads CloudFormation templates (JSON or YAML with short-form tags) into the manifest model.
///
/// The entry point is `CloudFormationReader.read(templates:options:) throws -> ImportedState`:
/// template texts in, the manifest, the policy files it names and every gap out (what `import
/// cloudformation` writes, `audit --cloudformation` audits and `diff` compares). `readWithSources`
/// also returns where each policy part is in the template, to point findings back at it.
/// Pure: no files, no network, no clock. A text that is not a template throws `TemplateSyntaxError`.
///
/// - Types read: `AWS::ECR::Repository` (`RepositoryPolicyText` as an object or a JSON string,
///   `ImageTagMutability`, `ImageScanningConfiguration`, `EncryptionConfiguration`),
///   `AWS::ECR::RegistryPolicy`, `AWS::ECR::ReplicationConfiguration`, `AWS::ECR::PullThroughCacheRule`,
///   `AWS::ECR::RegistryScanningConfiguration` and `AWS::ECR::RepositoryCreationTemplate` (reported),
///   `AWS::IAM::Role/User/Group/Policy/ManagedPolicy/RolePolicy/UserPolicy/GroupPolicy/UserToGroupAddition`,
///   `AWS::Organizations::Policy`.
/// - Intrinsic functions are evaluated by `IntrinsicResolver`; what only deployment or another stack
///   knows is a gap (`IAC_VALUE_UNKNOWN`) at the template's line and column, never a guess.
/// - A resource without an explicit name gets `<stack>-<LogicalId>-GENERATED` (lowercase for
///   repositories) wherever it is referenced, and a note says so.
/// - A template with `Transform` is not read: it is reported (`IAC_UNSUPPORTED`) with how to get the
///   processed template.
public enum CloudFormationReader {
    /// One template: its text and the file name used in locations.
    public struct Source: Sendable {
        public var file: String
        public var text: String

        public init(file: String, text: String) {
            self.file = file
            self.text = text
        }
    }

    public static func read(templates: [Source], options: CloudFormationOptions) throws(TemplateSyntaxError) -> ImportedState {
        try readWithSources(templates: templates, options: options).state
    }

    /// As `read`, with each policy's template locations.
    public static func readWithSources(templates: [Source], options: CloudFormationOptions) throws(TemplateSyntaxError) -> CloudFormationImport {
        var contents = StackContents(options: options)
        contents.source = "cloudformation " + templates.map(\.file).joined(separator: " ")
        contents.firstFile = templates.first?.file ?? "template"
        for source in templates {
            let root = try TemplateParser.parse(source.text, file: source.file)
            if let transform = root.members?.first(where: { $0.key == "Transform" }) {
                contents.gaps.append(transformGap(transform))
                continue
            }
            let template = try Template(root: root, file: source.file, stackName: options.stackName ?? defaultStackName(source.file))
            TemplateReader(template: template, options: options).read(into: &contents)
        }
        return contents.assembled()
    }

    /// `ecr-stack` for `templates/ecr-stack.yaml`.
    public static func defaultStackName(_ file: String) -> String {
        let name = (file as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return stem.isEmpty ? "stack" : stem
    }

    static func transformGap(_ member: TemplateMember) -> ImportGap {
        let names = member.value.scalarText.map { [$0] } ?? (member.value.elements ?? []).compactMap { $0.scalarText ?? $0["Name"]?.scalarText }
        let named = names.isEmpty ? "a transform" : "Transform \(names.joined(separator: ", "))"
        return ImportGap(
            code: ImportDescriptors.iacUnsupported.code, location: member.keyLocation, subject: "Transform",
            message: "\(named) rewrites the template at deployment and is not evaluated by ecrguard; the template's resources were not read. "
                + "Pass the processed template instead: `aws cloudformation get-template --template-stage Processed`, the output of `sam build`, or `cdk synth`")
    }
}

/// What `CloudFormationReader.readWithSources` found.
public struct CloudFormationImport: Sendable {
    public var manifest: Manifest
    /// Policy documents by the path the manifest names, relative to the policies directory.
    public var policies: [String: TemplatePolicy]
    public var gaps: [ImportGap]
    /// Names the reader made up and other facts a reader of the import should know.
    public var notes: [String]
    public var provenance: ImportProvenance
    /// The registry settings some template defines (the others are not the templates' to say).
    public var definedRegistrySettings: Set<RegistrySetting>

    public enum RegistrySetting: Sendable, Hashable {
        case registryPolicy, replication, pullThroughCache, resourceControlPolicies
    }

    /// The import in the shared model.
    public var state: ImportedState {
        var provenance = provenance
        provenance.principalsIncluded = manifest.principals.count
        provenance.notes = notes
        return ImportedState(manifest: manifest, policies: policies.mapValues { ImportedPolicy(text: $0.text, origin: $0.origin) },
                             gaps: gaps, provenance: provenance)
    }

    /// The state laid over a `policies/` input (`ImportedState.layered(over:)`), keeping what a
    /// template cannot say about a registry or principal it replaces: the registry's organization and
    /// policy scope, the registry policy, replication, pull through cache rules and resource control
    /// policies unless the templates define them, and a principal's organization, context and service
    /// control policies unless the templates attach some.
    public func state(over base: RegistryInput) -> ImportedState {
        var own = state
        for index in own.manifest.registries.indices {
            let registry = own.manifest.registries[index]
            guard let old = base.manifest.registry(account: registry.account, region: registry.region) else { continue }
            var kept = registry
            kept.organization = registry.organization ?? old.organization
            kept.policyScope = old.policyScope
            if !definedRegistrySettings.contains(.registryPolicy) { kept.registryPolicy = old.registryPolicy }
            if !definedRegistrySettings.contains(.replication) { kept.replication = old.replication }
            if !definedRegistrySettings.contains(.pullThroughCache) { kept.pullThroughCache = old.pullThroughCache }
            if !definedRegistrySettings.contains(.resourceControlPolicies) { kept.resourceControlPolicies = old.resourceControlPolicies }
            own.manifest.registries[index] = kept
        }
        for index in own.manifest.principals.indices {
            let principal = own.manifest.principals[index]
            guard let old = base.manifest.principals.first(where: { $0.identity == principal.identity }) else { continue }
            var kept = principal
            kept.organization = principal.organization ?? old.organization
            kept.context = principal.context.merging(old.context) { mine, _ in mine }
            kept.sessionPolicy = principal.sessionPolicy ?? old.sessionPolicy
            if principal.serviceControlPolicies.isEmpty {
                kept.serviceControlPolicies = old.serviceControlPolicies
                kept.serviceControlPoliciesNotCollected = old.serviceControlPoliciesNotCollected
            }
            own.manifest.principals[index] = kept
        }
        return own.layered(over: base)
    }

    /// Points findings of an audit of `input` (this import as `ImportedState.registryInput` renders
    /// it, alone or layered over a base) back at the templates; `original` is the manifest that was
    /// rendered (this one, or the layered one).
    public func locator(for input: RegistryInput, original: Manifest) -> SourceLocator {
        var byPath: [String: TemplatePolicy] = [:]
        for (path, policy) in policies { byPath[RegistryLoader.join(input.directory, path)] = policy }
        return SourceLocator(original: original, rendered: input.manifest,
                             renderedFile: RegistryLoader.join(input.directory, RegistryLoader.manifestName), policies: byPath)
    }
}
