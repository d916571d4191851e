import PolicyCore
import RegistryAudit
import RegistryImport

/// IAM identities are attached to by name, as CloudFormation's properties name them.
struct IAMTarget: Hashable, Comparable {
    enum Kind: String, Comparable {
        case role, user, group
        static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }
    var kind: Kind
    var name: String

    static func < (a: IAMTarget, b: IAMTarget) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
}

/// A role, user or group the template defines.
struct IAMEntity {
    var target: IAMTarget
    var path: String
    var location: ManifestLocation
}

/// A managed policy ARN attached somewhere, where it was written.
struct ManagedAttachment {
    var arn: String
    var location: ManifestLocation
    var subject: String
}

/// Everything read from the templates of one import, before it becomes a manifest.
struct StackContents {
    let options: CloudFormationOptions
    var source = "cloudformation"
    /// Where the stack's registry is reported when no resource of it is read.
    var firstFile = "template"
    var registryLocation: ManifestLocation?
    var repositories: [RepositoryManifest] = []
    var registryPolicy: PolicyReference?
    var replication: [ReplicationRule] = []
    var pullThroughCache: [PullThroughCacheRule] = []
    var policies: [String: TemplatePolicy] = [:]
    var gaps: [ImportGap] = []
    var notes: [String] = []

    var entities: [IAMTarget: IAMEntity] = [:]
    var inlinePolicies: [IAMTarget: [PolicyReference]] = [:]
    var managedAttachments: [IAMTarget: [ManagedAttachment]] = [:]
    var boundaries: [IAMTarget: ManagedAttachment] = [:]
    /// Managed policies the templates define, by ARN.
    var managedPolicies: [String: PolicyReference] = [:]
    /// Group name → user names.
    var groupMembers: [String: [String]] = [:]
    /// Service control policies that apply to every principal of the account, by organization level
    /// (`root` before `account`).
    var serviceControlPolicies: [String: [PolicyReference]] = [:]
    var definedRegistrySettings: Set<CloudFormationImport.RegistrySetting> = []
    /// Resource control policies that apply to the registry, by level as the SCPs.
    var resourceControlPolicies: [String: [PolicyReference]] = [:]

    init(options: CloudFormationOptions) { self.options = options }

    /// A value the reader could not know (`IAC_VALUE_UNKNOWN`).
    mutating func gap(_ message: String, at location: ManifestLocation, subject: String) {
        gaps.append(ImportGap(code: ImportDescriptors.iacValueUnknown.code, location: location, subject: subject, message: message))
    }

    /// Something the manifest model cannot represent (`IAC_UNSUPPORTED`).
    mutating func unsupported(_ message: String, at location: ManifestLocation, subject: String) {
        gaps.append(ImportGap(code: ImportDescriptors.iacUnsupported.code, location: location, subject: subject, message: message))
    }

    func assembled() -> CloudFormationImport {
        let account = options.account, region = options.region
        // The stack's account and Region always have a registry, even one the templates only
        // grant access to (settings the templates do not define are kept when layered).
        let registry = RegistryManifest(
            name: "\(account)/\(region)", account: account, region: region, partition: options.partition,
            organization: options.organization.map { OrganizationMembership(id: $0) },
            registryPolicy: registryPolicy, replication: replication, pullThroughCache: pullThroughCache,
            repositories: repositories, resourceControlPolicies: ["root", "account"].compactMap { resourceControlPolicies[$0] },
            location: registryLocation ?? ManifestLocation(file: firstFile, line: 1, column: 1))
        var gaps = gaps
        let principals = entities.values.filter { $0.target.kind != .group }.sorted { $0.target < $1.target }.map { principal($0, gaps: &gaps) }
        // Policies attached to roles and users the templates do not define.
        var all = principals
        for target in Set(inlinePolicies.keys).union(managedAttachments.keys).sorted() where target.kind != .group && entities[target] == nil {
            let location = inlinePolicies[target]?.first?.location ?? managedAttachments[target]?.first?.location
                ?? ManifestLocation(file: "template", line: 1, column: 1)
            gaps.append(ImportGap(code: ImportDescriptors.iacValueUnknown.code, location: location, subject: "\(target.kind.rawValue) \(target.name)",
                                    message: "\(target.kind.rawValue) '\(target.name)' is not defined in the template: only the policies the template attaches to it are known"))
            all.append(principal(IAMEntity(target: target, path: "/", location: location), gaps: &gaps))
        }
        let manifest = Manifest(file: "ecrguard.yaml", registries: [registry], principals: all, expectations: [])
        let provenance = ImportProvenance(source: source, accounts: [account], regions: [region])
        var defined = definedRegistrySettings
        if registryPolicy != nil { defined.insert(.registryPolicy) }
        if !pullThroughCache.isEmpty { defined.insert(.pullThroughCache) }
        if !resourceControlPolicies.isEmpty { defined.insert(.resourceControlPolicies) }
        return CloudFormationImport(manifest: manifest, policies: policies, gaps: gaps, notes: notes, provenance: provenance,
                                    definedRegistrySettings: defined)
    }

    /// A role or user with its own policies and those of its groups, flattened.
    private func principal(_ entity: IAMEntity, gaps: inout [ImportGap]) -> PrincipalManifest {
        let target = entity.target
        var identityPolicies = inlinePolicies[target] ?? []
        var attachments = managedAttachments[target] ?? []
        var groups: [String] = []
        if target.kind == .user {
            for (group, members) in groupMembers.sorted(by: { $0.key < $1.key }) where members.contains(target.name) {
                groups.append(group)
                identityPolicies += inlinePolicies[IAMTarget(kind: .group, name: group)] ?? []
                attachments += managedAttachments[IAMTarget(kind: .group, name: group)] ?? []
                if entities[IAMTarget(kind: .group, name: group)] == nil {
                    gaps.append(ImportGap(code: ImportDescriptors.iacValueUnknown.code, location: entity.location, subject: "group \(group)",
                                            message: "user '\(target.name)' is added to group '\(group)', which the template does not define: the group's policies are not known"))
                }
            }
        }
        var seen: Set<String> = Set(identityPolicies.map(\.path))
        for attachment in attachments {
            guard let reference = managedPolicy(attachment, gaps: &gaps) else { continue }
            if seen.insert(reference.path).inserted { identityPolicies.append(reference) }
        }
        let boundary = boundaries[target].flatMap { managedPolicy($0, gaps: &gaps) }
        let scps = ["root", "account"].compactMap { serviceControlPolicies[$0] }
        let arn = "arn:\(options.partition):iam::\(options.account):\(target.kind.rawValue)\(entity.path)\(target.name)"
        return PrincipalManifest(
            name: "\(options.account)/\(target.kind.rawValue)/\(target.name)", identity: arn, identityPolicies: identityPolicies,
            permissionBoundary: boundary, serviceControlPolicies: scps, groups: groups, location: entity.location)
    }

    private func managedPolicy(_ attachment: ManagedAttachment, gaps: inout [ImportGap]) -> PolicyReference? {
        if let reference = managedPolicies[attachment.arn] { return reference }
        let gap = ImportGap(code: ImportDescriptors.iacValueUnknown.code, location: attachment.location, subject: attachment.subject,
                              message: "managed policy \(attachment.arn) is not defined in the template: its document is not known")
        if !gaps.contains(gap) { gaps.append(gap) }
        return nil
    }
}
