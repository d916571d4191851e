import PolicyCore
import RegistryAudit

/// Maps a `GAADSnapshot` of one account into manifest terms: the principals worth simulating, their
/// identity policies and boundaries as policy files, and gaps for what the snapshot references but
/// does not contain. Pure; the same snapshot always gives the same result.
///
/// - Users get their groups' policies flattened in (`groups:` names them); a managed policy is
///   written once (`identity/managed/<account|aws>/<path+name>.json`, its default version) and shared.
/// - Principals are kept when one of their identity policies can allow an `ecr:` action (see
///   `ECRGrantScan`) or a repository or registry policy names them (`namedByResourcePolicies`); the
///   others, and service-linked roles, are left out and listed in the provenance.
/// - A managed policy, group or default version the snapshot references but does not contain is an
///   `IMPORT_POLICY_MISSING` gap at the reference; it is never silently dropped.
public struct GAADImport: Sendable {
    public var account: String
    public var partition: String
    /// Given when the account is in an organization: the principals' SCPs are then marked
    /// `not-collected` (GAAD holds no SCPs).
    public var organization: OrganizationMembership?
    /// ARNs of users and roles a repository or registry policy of the state names: kept whatever
    /// their identity policies allow.
    public var namedByResourcePolicies: Set<String>

    public init(account: String, partition: String = "aws", organization: OrganizationMembership? = nil, namedByResourcePolicies: Set<String> = []) {
        self.account = account
        self.partition = partition
        self.organization = organization
        self.namedByResourcePolicies = namedByResourcePolicies
    }

    /// What the mapping produced.
    public struct Result: Sendable {
        public var principals: [PrincipalManifest]
        public var policies: [String: ImportedPolicy]
        public var gaps: [ImportGap]
        public var leftOut: [LeftOutPrincipal]
    }

    public func map(_ snapshot: GAADSnapshot, manifestFile: String = RegistryLoader.manifestName) -> Result {
        var run = GAADMapping(importer: self, snapshot: snapshot, at: ManifestLocation(file: manifestFile, line: 1, column: 1))
        let principals = snapshot.roles.map { ($0, "role") } + snapshot.users.map { ($0, "user") }
        for (principal, kind) in principals.sorted(by: { $0.0.arn < $1.0.arn }) { run.add(principal, kind: kind) }
        return Result(principals: run.principals.sorted { $0.name < $1.name }, policies: run.policies, gaps: run.gaps.sorted(by: <),
                      leftOut: run.leftOut.sorted { $0.arn < $1.arn })
    }

    /// The state of a GAAD file alone: the principals, and the account's registry in `region`
    /// (describing no repositories: IAM is global, the file holds no ECR state) so the manifest is
    /// complete; lay it over a `policies/` directory to audit the principals against its repositories.
    public func state(_ snapshot: GAADSnapshot, region: String, source: String, gaps fileGaps: [ImportGap] = []) -> ImportedState {
        let result = map(snapshot)
        let at = ManifestLocation(file: source, line: 1, column: 1)
        let registry = RegistryManifest(name: "\(account)/\(region)", account: account, region: region, partition: partition,
                                        organization: organization, location: at)
        var provenance = ImportProvenance(source: "aws iam get-account-authorization-details file \(source)", accounts: [account], regions: [region],
                                          principalsIncluded: result.principals.count, principalsLeftOut: result.leftOut)
        provenance.notes = [
            "read \(snapshot.users.count) users, \(snapshot.groups.count) groups, \(snapshot.roles.count) roles, \(snapshot.policies.count) managed policies",
            "wrote \(result.principals.count) principals and \(result.policies.count) policy files",
            organization == nil ? "no organization given: principals are written as outside any organization (no SCPs)"
                : "SCPs are not in GAAD: every principal's serviceControlPolicies is not-collected",
        ]
        return ImportedState(manifest: Manifest(file: source, registries: [registry], principals: result.principals, expectations: []),
                             policies: result.policies, gaps: (fileGaps + result.gaps).sorted(by: <), provenance: provenance)
    }

    // MARK: file names

    /// `path + name` as a relative file path: `/build/` + `ci` → `build/ci`; each segment keeps only
    /// the characters IAM allows in names (others become `_`, `.` and `..` segments are escaped), so
    /// a path from the file can never leave the output directory.
    static func relativeName(path: String, name: String) -> String {
        (path.split(separator: "/").map(String.init) + [name]).map(safeSegment).joined(separator: "/")
    }

    static func safeSegment(_ segment: String) -> String {
        let kept = String(segment.unicodeScalars.map { scalar -> Character in
            let allowed = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9") || "+=,.@_-".unicodeScalars.contains(scalar)
            return allowed ? Character(scalar) : "_"
        })
        if kept.isEmpty { return "_" }
        return kept.allSatisfy { $0 == "." } ? String(repeating: "_", count: kept.count) : kept
    }

    /// `identity/managed/<account|aws>/<path+name>.json` from `arn:PARTITION:iam::ACCOUNT:policy/PATH/NAME`.
    static func managedPolicyPath(_ arn: String) -> String {
        let parsed = ARN(arn)
        let owner = safeSegment(parsed?.account.isEmpty == false ? parsed!.account : "unknown")
        let resource = parsed?.resource ?? arn
        let pathAndName = resource.hasPrefix("policy/") ? String(resource.dropFirst("policy/".count)) : resource
        let parts = pathAndName.split(separator: "/").map { safeSegment(String($0)) }
        return "identity/managed/\(owner)/\(parts.isEmpty ? "_" : parts.joined(separator: "/")).json"
    }
}

/// One run of `GAADImport.map`: collects principals, files, gaps and left-out principals.
private struct GAADMapping {
    let importer: GAADImport
    let snapshot: GAADSnapshot
    let at: ManifestLocation
    let policiesByARN: [String: GAADSnapshot.ManagedPolicy]
    let groupsByName: [String: GAADSnapshot.Group]
    var principals: [PrincipalManifest] = []
    var policies: [String: ImportedPolicy] = [:]
    var gaps: [ImportGap] = []
    var leftOut: [LeftOutPrincipal] = []
    /// Gaps already reported for a managed policy ARN (one per missing policy and referencing place).
    var reported: Set<String> = []
    /// `ECRGrantScan` answers by document text (a managed policy is shared by many principals).
    var canAllowECR: [String: Bool] = [:]

    init(importer: GAADImport, snapshot: GAADSnapshot, at: ManifestLocation) {
        self.importer = importer
        self.snapshot = snapshot
        self.at = at
        policiesByARN = Dictionary(snapshot.policies.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        groupsByName = Dictionary(snapshot.groups.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A policy file to write and reference: its path, text and the documents that decide selection.
    struct Attached {
        var path: String
        var policy: ImportedPolicy
    }

    mutating func add(_ principal: GAADSnapshot.Principal, kind: String) {
        if kind == "role" && principal.path.hasPrefix("/aws-service-role/") {
            leftOut.append(LeftOutPrincipal(arn: principal.arn, reason: LeftOutPrincipal.serviceLinkedRole))
            return
        }
        var (identity, missing) = files(kind: kind, path: principal.path, name: principal.name, arn: principal.arn,
                                        inline: principal.inlinePolicies, attached: principal.attachedPolicies)
        for name in principal.groups.sorted() {
            guard let group = groupsByName[name] else {
                missing = true
                gaps.append(ImportGap(code: ImportDescriptors.policyMissing.code, location: principal.location, subject: "\(principal.arn) group \(name)",
                                      message: "the user belongs to group '\(name)', which GroupDetailList does not contain: the group's policies are unknown"))
                continue
            }
            let (groupFiles, groupMissing) = files(kind: "group", path: group.path, name: group.name, arn: group.arn,
                                                   inline: group.inlinePolicies, attached: group.attachedPolicies)
            identity += groupFiles
            missing = missing || groupMissing
        }
        var boundary: Attached?
        if let reference = principal.permissionsBoundary {
            boundary = managed(reference, for: "\(principal.arn) permissions boundary")
            if boundary == nil { missing = true }
        }
        let named = importer.namedByResourcePolicies.contains(principal.arn)
        // Kept when it can touch ECR, when a resource policy names it, or when part of it is unknown.
        guard named || missing || identity.contains(where: { grantsECR($0.policy.text) }) else {
            leftOut.append(LeftOutPrincipal(arn: principal.arn, reason: LeftOutPrincipal.cannotGrantECR))
            return
        }
        for file in identity + (boundary.map { [$0] } ?? []) where policies[file.path] == nil { policies[file.path] = file.policy }
        principals.append(PrincipalManifest(
            name: "\(importer.account)/\(kind)/\(principal.name)", identity: principal.arn,
            identityPolicies: identity.map { PolicyReference(path: $0.path, location: at) },
            permissionBoundary: boundary.map { PolicyReference(path: $0.path, location: at) },
            serviceControlPoliciesNotCollected: importer.organization != nil, groups: principal.groups.sorted(), location: at))
    }

    /// The files of one user's, role's or group's own policies: inline ones by name, then attached
    /// managed ones by ARN; `missing` when an attached one is not in the snapshot (a gap is recorded).
    mutating func files(kind: String, path: String, name: String, arn: String, inline: [GAADSnapshot.InlinePolicy],
                        attached: [GAADSnapshot.AttachedPolicy]) -> (files: [Attached], missing: Bool) {
        let owner = GAADImport.relativeName(path: path, name: name)
        var files = inline.sorted(by: { $0.name < $1.name }).map { policy in
            Attached(path: "identity/\(importer.account)/\(kind)/\(owner).inline.\(GAADImport.safeSegment(policy.name)).json",
                     policy: ImportedPolicy(text: policy.document, origin: "\(arn) inline policy \(policy.name)"))
        }
        var missing = false
        for reference in attached.sorted(by: { $0.arn < $1.arn }) {
            if let file = managed(reference, for: arn) { files.append(file) } else { missing = true }
        }
        return (files, missing)
    }

    mutating func grantsECR(_ text: String) -> Bool {
        if let known = canAllowECR[text] { return known }
        let answer = ECRGrantScan.canAllowECR(text)
        canAllowECR[text] = answer
        return answer
    }

    /// The file of a managed policy's default version, or a gap when the snapshot lacks it.
    mutating func managed(_ reference: GAADSnapshot.AttachedPolicy, for owner: String) -> Attached? {
        guard let policy = policiesByARN[reference.arn] else {
            gap(reference, "\(owner) uses managed policy \(reference.arn), which the file's Policies does not contain (an AWS managed policy needs an export without --filter, or iam:GetPolicy and iam:GetPolicyVersion)")
            return nil
        }
        guard let version = policy.defaultVersion, let document = version.document else {
            gap(reference, "managed policy \(reference.arn) has no default version document in Policies (PolicyVersionList lacks IsDefaultVersion or its Document)")
            return nil
        }
        return Attached(path: GAADImport.managedPolicyPath(policy.arn),
                        policy: ImportedPolicy(text: document, origin: "\(policy.arn) \(version.versionId ?? "default version")"))
    }

    mutating func gap(_ reference: GAADSnapshot.AttachedPolicy, _ message: String) {
        guard reported.insert("\(reference.location)#\(reference.arn)").inserted else { return }
        gaps.append(ImportGap(code: ImportDescriptors.policyMissing.code, location: reference.location, subject: reference.arn, message: message))
    }
}

extension GAADImport {
    /// The users and roles of `snapshot` that the `Principal` of a repository or registry policy
    /// names: by ARN, or a role by one of its sessions (`assumed-role/NAME/...`). These are kept
    /// whatever their identity policies allow (a grant in a resource policy can be enough).
    /// Policies that do not parse name nobody here; the audit reports them where they are.
    public static func namedPrincipals(in snapshot: GAADSnapshot, resourcePolicies: [String]) -> Set<String> {
        var arns: Set<String> = [], roleNames: Set<String> = []
        for text in resourcePolicies {
            guard let document = PolicyParser.parse(text, kind: .repository, file: "resource policy").document else { continue }
            for statement in document.statements {
                guard let element = statement.principal, !element.isNegated else { continue }
                for entry in element.entries {
                    guard case .aws(let value) = entry.value, let identity = PrincipalIdentity(value) else { continue }
                    switch identity.kind {
                    case .role, .iamUser: arns.insert(identity.arn)
                    case .assumedRole: if let account = identity.account, let name = identity.name { roleNames.insert("\(account)/\(name)") }
                    default: break
                    }
                }
            }
        }
        var named: Set<String> = []
        for principal in snapshot.roles + snapshot.users where arns.contains(principal.arn) { named.insert(principal.arn) }
        for role in snapshot.roles {
            if let account = ARN(role.arn)?.account, roleNames.contains("\(account)/\(role.name)") { named.insert(role.arn) }
        }
        return named
    }
}
