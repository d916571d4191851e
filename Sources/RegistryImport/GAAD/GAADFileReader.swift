import PolicyCore
import RegistryAudit

/// Reads the output of `aws iam get-account-authorization-details` (the AWS CLI merges the pages
/// into one JSON object with `UserDetailList`, `GroupDetailList`, `RoleDetailList` and `Policies`).
/// Documents are taken as the CLI decoded them (JSON objects), or URL-decoded when given as text
/// that does not start with `{`. Every element keeps its line and column for gaps and errors.
public enum GAADFileReader {
    public struct Result: Sendable {
        public var snapshot: GAADSnapshot
        /// Parts of the file that are missing (a list the export left out): never read as empty.
        public var gaps: [ImportGap]
    }

    /// GAAD files of large accounts are tens of megabytes (every version of every managed policy in
    /// use); policy documents keep the policy parser's own limits.
    public static let limits = JSONLimits(maxDepth: 64, maxBytes: 1 << 30)

    public static func read(_ text: String, file: String) throws(ManifestErrors) -> Result {
        let root: JSONNode
        do {
            root = try JSONParser.parse(text, limits: limits)
        } catch {
            throw ManifestErrors([ManifestError("not JSON: \(error.message)", at: ManifestLocation(file: file, line: error.position.line, column: error.position.column))])
        }
        let reader = GAADNodeReader(file: file)
        let result = reader.read(root)
        if !reader.errors.isEmpty { throw ManifestErrors(reader.errors) }
        return result
    }
}

/// Walks the JSON tree of a GAAD file, collecting errors with positions.
private final class GAADNodeReader {
    let file: String
    var errors: [ManifestError] = []

    init(file: String) { self.file = file }

    func location(_ node: JSONNode) -> ManifestLocation {
        ManifestLocation(file: file, line: node.span.start.line, column: node.span.start.column)
    }

    func error(_ message: String, at node: JSONNode) {
        errors.append(ManifestError(message, at: location(node)))
    }

    func string(_ node: JSONNode, _ key: String, _ what: String) -> String? {
        guard let value = node[key] else { error("\(what) has no '\(key)'", at: node); return nil }
        guard let text = value.stringValue, !text.isEmpty else { error("'\(key)' of \(what) must be a non-empty string", at: value); return nil }
        return text
    }

    func list(_ node: JSONNode, _ key: String, _ what: String) -> [JSONNode] {
        guard let value = node[key] else { return [] }
        guard let elements = value.elements else { error("'\(key)' of \(what) must be a list", at: value); return [] }
        return elements
    }

    func read(_ root: JSONNode) -> GAADFileReader.Result {
        guard root.members != nil else {
            error("not a GAAD file: expected the JSON object `aws iam get-account-authorization-details` prints", at: root)
            return GAADFileReader.Result(snapshot: GAADSnapshot(), gaps: [])
        }
        let keys = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"]
        guard keys.contains(where: { root[$0] != nil }) else {
            error("not a GAAD file: none of \(keys.joined(separator: ", ")) is present", at: root)
            return GAADFileReader.Result(snapshot: GAADSnapshot(), gaps: [])
        }
        var gaps: [ImportGap] = []
        for key in keys where root[key] == nil {
            gaps.append(ImportGap(code: ImportDescriptors.callFailed.code, location: location(root), subject: key,
                                  message: "the file has no \(key) (exported with --filter?): what it would list is unknown, not absent; export without --filter"))
        }
        var snapshot = GAADSnapshot()
        snapshot.users = list(root, "UserDetailList", "the file").compactMap { principal($0, nameKey: "UserName", policiesKey: "UserPolicyList", what: "a user") }
        snapshot.roles = list(root, "RoleDetailList", "the file").compactMap { principal($0, nameKey: "RoleName", policiesKey: "RolePolicyList", what: "a role") }
        snapshot.groups = list(root, "GroupDetailList", "the file").compactMap(group)
        snapshot.policies = list(root, "Policies", "the file").compactMap(managedPolicy)
        return GAADFileReader.Result(snapshot: snapshot, gaps: gaps)
    }

    func principal(_ node: JSONNode, nameKey: String, policiesKey: String, what: String) -> GAADSnapshot.Principal? {
        guard node.members != nil else { error("\(what) must be an object", at: node); return nil }
        let name = string(node, nameKey, what)
        let arn = string(node, "Arn", what)
        let path = node["Path"]?.stringValue ?? "/"
        let inline = list(node, policiesKey, what).compactMap { inlinePolicy($0, of: name ?? what) }
        let attached = list(node, "AttachedManagedPolicies", what).compactMap { attachedPolicy($0, "PolicyArn", of: name ?? what) }
        let boundary = node["PermissionsBoundary"].flatMap { attachedPolicy($0, "PermissionsBoundaryArn", of: name ?? what) }
        var groups: [String] = []
        for item in list(node, "GroupList", what) {
            if let group = item.stringValue { groups.append(group) } else { error("each of 'GroupList' must be a group name", at: item) }
        }
        guard let name, let arn else { return nil }
        return GAADSnapshot.Principal(name: name, path: path, arn: arn, inlinePolicies: inline, attachedPolicies: attached,
                                      permissionsBoundary: boundary, groups: groups, location: location(node))
    }

    func group(_ node: JSONNode) -> GAADSnapshot.Group? {
        guard node.members != nil else { error("a group must be an object", at: node); return nil }
        let name = string(node, "GroupName", "a group")
        let arn = string(node, "Arn", "a group")
        let inline = list(node, "GroupPolicyList", "a group").compactMap { inlinePolicy($0, of: name ?? "a group") }
        let attached = list(node, "AttachedManagedPolicies", "a group").compactMap { attachedPolicy($0, "PolicyArn", of: name ?? "a group") }
        guard let name, let arn else { return nil }
        return GAADSnapshot.Group(name: name, path: node["Path"]?.stringValue ?? "/", arn: arn, inlinePolicies: inline,
                                  attachedPolicies: attached, location: location(node))
    }

    func inlinePolicy(_ node: JSONNode, of owner: String) -> GAADSnapshot.InlinePolicy? {
        let what = "an inline policy of \(owner)"
        let name = string(node, "PolicyName", what)
        guard let documentNode = node["PolicyDocument"] else { error("\(what) has no 'PolicyDocument'", at: node); return nil }
        guard let name, let document = document(documentNode, what) else { return nil }
        return GAADSnapshot.InlinePolicy(name: name, document: document, location: location(documentNode))
    }

    func attachedPolicy(_ node: JSONNode, _ arnKey: String, of owner: String) -> GAADSnapshot.AttachedPolicy? {
        guard let arn = string(node, arnKey, "a managed policy of \(owner)") else { return nil }
        return GAADSnapshot.AttachedPolicy(arn: arn, location: location(node))
    }

    func managedPolicy(_ node: JSONNode) -> GAADSnapshot.ManagedPolicy? {
        guard let arn = string(node, "Arn", "a managed policy") else { return nil }
        var versions: [GAADSnapshot.PolicyVersion] = []
        for item in list(node, "PolicyVersionList", "managed policy \(arn)") {
            let isDefault: Bool
            if case .bool(let value)? = item["IsDefaultVersion"]?.kind { isDefault = value } else { isDefault = false }
            let document = item["Document"].flatMap { self.document($0, "version \(item["VersionId"]?.stringValue ?? "?") of \(arn)") }
            versions.append(GAADSnapshot.PolicyVersion(versionId: item["VersionId"]?.stringValue, document: document, isDefault: isDefault,
                                                       location: location(item["Document"] ?? item)))
        }
        return GAADSnapshot.ManagedPolicy(arn: arn, policyName: node["PolicyName"]?.stringValue, defaultVersionId: node["DefaultVersionId"]?.stringValue,
                                          versions: versions, location: location(node))
    }

    /// A document: a JSON object as the AWS CLI prints it, or text (URL-encoded unless it starts with `{`).
    func document(_ node: JSONNode, _ what: String) -> String? {
        if node.members != nil { return OrderedJSON(node).rendered(.compact) }
        guard let text = node.stringValue else { error("the document of \(what) must be a JSON object or text", at: node); return nil }
        guard let decoded = GAADSnapshot.documentText(text) else {
            error("the document of \(what) is neither JSON nor valid URL-encoded text", at: node)
            return nil
        }
        return decoded
    }
}
