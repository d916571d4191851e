import PolicyCore
import RegistryAudit

/// What the IAM readers share while they run.
struct IAMIndex {
    /// Principal manifest names by resource address.
    var principalByAddress: [String: String] = [:]
    /// Principal manifest names by `account/role/name` or `account/user/name`.
    var principalByName: [String: String] = [:]
    /// Groups by `account/group/name`: the policies of the group and its name.
    var groups: [String: Group] = [:]
    var groupByAddress: [String: String] = [:]
    /// Managed policy files by the address of their `aws_iam_policy`; nil when unreadable.
    var managedFileByAddress: [String: String?] = [:]
    /// `aws_iam_policy` and `data.aws_iam_policy` resources by ARN.
    var managedByARN: [String: TerraformResource] = [:]
    /// Users' group memberships by principal name: group keys.
    var memberships: [String: [String]] = [:]

    struct Group {
        var name: String
        var policies: [PolicyReference] = []
    }
}

/// IAM: roles, users, groups; inline, attached and managed policies; permissions boundaries.
extension TerraformReader {
    mutating func readIAM() {
        indexManagedPolicies()
        for resource in resources("aws_iam_role") { readPrincipal(resource, kind: "role") }
        for resource in resources("aws_iam_user") { readPrincipal(resource, kind: "user") }
        for resource in resources("aws_iam_group") { readGroup(resource) }
        for (type, kind) in [("aws_iam_role_policy", "role"), ("aws_iam_user_policy", "user"), ("aws_iam_group_policy", "group")] {
            for resource in resources(type) { readInlinePolicy(resource, kind: kind) }
        }
        for (type, kind) in [("aws_iam_role_policy_attachment", "role"), ("aws_iam_user_policy_attachment", "user"),
                             ("aws_iam_group_policy_attachment", "group")] {
            for resource in resources(type) { readAttachment(resource, kind: kind) }
        }
        for resource in resources("aws_iam_policy_attachment") { readExclusiveAttachment(resource) }
        for resource in resources("aws_iam_user_group_membership") { readUserGroups(resource) }
        for resource in resources("aws_iam_group_membership") { readGroupMembers(resource) }
        flattenGroups()
    }

    /// `path + name` without the leading slash (`/teams/` + `ci` → `teams/ci`).
    static func pathName(_ path: String?, _ name: String) -> String {
        let path = path ?? "/"
        return String(path.drop { $0 == "/" }) + name
    }

    /// A file name from an address when the resource's own name is not known (`name_prefix`).
    static func addressName(_ resource: TerraformResource) -> String {
        String(resource.addressText.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
    }

    mutating func indexManagedPolicies() {
        for resource in resources("aws_iam_policy") + resources("data.aws_iam_policy") {
            if case .known(let node) = resource.value("arn"), let arn = node.stringValue {
                iam.managedByARN[arn] = resource
            } else if !resource.address.isData, case .known(let node) = resource.value("name"), let name = node.stringValue,
                      let account = try? document.account(of: resource, fallback: options.account).get() {
                let path = { if case .known(let p) = resource.value("path") { return p.stringValue } else { return nil } }() ?? "/"
                iam.managedByARN["arn:aws:iam::\(account):policy\(path)\(name)"] = resource
            }
        }
    }

    /// The file of a managed policy resource (written once); nil, with one gap, when its document is unknown.
    mutating func managedPolicyFile(_ resource: TerraformResource) -> String? {
        if let known = iam.managedFileByAddress[resource.addressText] { return known }
        var file: String?
        let name: String? = { if case .known(let n) = resource.value("name") { return n.stringValue } else { return nil } }()
        let path: String? = { if case .known(let p) = resource.value("path") { return p.stringValue } else { return nil } }()
        var owner: String?
        if case .known(let node) = resource.value("arn"), let arn = node.stringValue.flatMap(ARN.init) { owner = arn.account }
        if owner == nil { owner = account(resource) }
        if let owner {
            let fileName = name.map { Self.pathName(path, $0) } ?? Self.addressName(resource)
            let candidate = "identity/managed/\(owner)/\(fileName).json"
            if let text = string(resource, "policy"), let text {
                policies[candidate] = (text, resource.addressText + ".policy")
                file = candidate
            }
        }
        iam.managedFileByAddress[resource.addressText] = .some(file)
        return file
    }

    /// The managed policy an ARN attribute names: known ARNs by the plan's `aws_iam_policy` and
    /// `data.aws_iam_policy`; unknown ones through the configuration's references. Nil with a gap otherwise.
    mutating func managedPolicy(_ resource: TerraformResource, _ path: [ValuePath], attribute: String, display: String) -> PolicyReference? {
        var target: TerraformResource?
        switch resource.value(path) {
        case .known(let node):
            guard let arn = node.stringValue, !arn.isEmpty else { return nil }
            guard let found = iam.managedByARN[arn] else {
                gap("IAC_UNSUPPORTED", resource, subject: resource.addressText + "." + display,
                    "\(resource.addressText).\(display) names \(arn), whose document is not in the plan (declare it, or read it with a data \"aws_iam_policy\" block)")
                return nil
            }
            target = found
        case .unknown:
            let references = resource.references(attribute)
            let candidates = document.referencedResources(references, from: resource, type: "aws_iam_policy",
                                                          among: resources("aws_iam_policy") + resources("data.aws_iam_policy"))
            guard candidates.count == 1 else {
                unknown(resource, attribute, display: display)
                return nil
            }
            target = candidates[0]
        case .absent:
            return nil
        }
        guard let target, let file = managedPolicyFile(target) else { return nil }
        return PolicyReference(path: file, location: location(resource))
    }

    mutating func readPrincipal(_ resource: TerraformResource, kind: String) {
        guard let account = account(resource), let name = string(resource, "name"), let name else { return }
        let path = (string(resource, "path") ?? nil) ?? "/"
        var identity = "arn:aws:iam::\(account):\(kind)\(path)\(name)"
        if case .known(let node) = resource.value("arn"), let arn = node.stringValue, !arn.isEmpty { identity = arn }
        let principalName = "\(account)/\(kind)/\(name)"
        var principal = PrincipalManifest(name: principalName, identity: identity,
                                          organization: options.organization.map { OrganizationMembership(id: $0) },
                                          location: location(resource))
        principal.permissionBoundary = managedPolicy(resource, [.key("permissions_boundary")], attribute: "permissions_boundary",
                                                     display: "permissions_boundary")
        if kind == "role" {
            // The role's own inline_policy blocks and managed_policy_arns (computed when not configured:
            // then they only echo the separate policy resources, read below).
            if let count = resource.count([.key("inline_policy")]) {
                for i in 0..<count {
                    let block: [ValuePath] = [.key("inline_policy"), .index(i)]
                    let policyName = (string(resource, block + [.key("name")], attribute: "inline_policy", display: "inline_policy[\(i)].name") ?? nil)
                        ?? "\(Self.addressName(resource))-\(i)"
                    let file = "identity/\(account)/role/\(Self.pathName(path, name)).inline.\(policyName).json"
                    if let reference = policy(resource, block + [.key("policy")], attribute: "inline_policy", display: "inline_policy[\(i)].policy", file: file) {
                        principal.identityPolicies.append(reference)
                    }
                }
            } else if resource.isConfigured("inline_policy") {
                unknown(resource, "inline_policy")
            }
            if let count = resource.count([.key("managed_policy_arns")]) {
                for i in 0..<count {
                    if let reference = managedPolicy(resource, [.key("managed_policy_arns"), .index(i)], attribute: "managed_policy_arns",
                                                     display: "managed_policy_arns[\(i)]") {
                        principal.identityPolicies.append(reference)
                    }
                }
            } else if resource.isConfigured("managed_policy_arns") {
                unknown(resource, "managed_policy_arns")
            }
        }
        principals[principalName] = principal
        iam.principalByAddress[resource.addressText] = principalName
        iam.principalByName[principalName] = principalName
    }

    mutating func readGroup(_ resource: TerraformResource) {
        guard let account = account(resource), let name = string(resource, "name"), let name else { return }
        let key = "\(account)/group/\(name)"
        iam.groups[key] = IAMIndex.Group(name: name)
        iam.groupByAddress[resource.addressText] = key
    }

    /// The principal (or group) key an attribute names: a known name, or the resource its configuration references.
    mutating func linked(_ resource: TerraformResource, _ path: [ValuePath], attribute: String, display: String, kind: String) -> String? {
        let type = "aws_iam_\(kind)"
        switch resource.value(path) {
        case .known(let node):
            guard let name = node.stringValue, !name.isEmpty else { return nil }
            // `role` may be a name, an id (the same) or, for some resources, an ARN.
            let plain = name.hasPrefix("arn:") ? String(name.split(separator: "/").last ?? "") : name
            // The account of the resource when the plan gives it; else the one declared principal of that name
            // (a state has no configuration, and an attachment has no ARN of its own).
            let account = try? document.account(of: resource, fallback: options.account).get()
            let suffix = "/\(kind)/\(plain)"
            let declared = kind == "group" ? Array(iam.groups.keys) : Array(iam.principalByName.keys)
            let matches = declared.filter { $0.hasSuffix(suffix) && (account == nil || $0 == account! + suffix) }
            if matches.count == 1 { return matches[0] }
            let why = matches.isEmpty ? "which the plan does not declare; its other policies are not known"
                : "declared in several accounts (\(matches.sorted().joined(separator: ", "))) and the account of this resource is not in the plan"
            gap("IAC_UNSUPPORTED", resource, subject: resource.addressText + "." + display,
                "\(resource.addressText).\(display) names \(kind) '\(name)', \(why)")
            return nil
        case .unknown:
            let targets = document.referencedResources(resource.references(attribute), from: resource, type: type, among: resources(type))
            if targets.count == 1 {
                // The target had its own gap if it could not be read.
                return kind == "group" ? iam.groupByAddress[targets[0].addressText] : iam.principalByAddress[targets[0].addressText]
            }
            unknown(resource, attribute, display: display)
            return nil
        case .absent:
            return nil
        }
    }

    mutating func attach(_ reference: PolicyReference, to key: String, kind: String) {
        if kind == "group" {
            iam.groups[key]?.policies.append(reference)
        } else if !(principals[key]?.identityPolicies.contains(where: { $0.path == reference.path }) ?? true) {
            principals[key]?.identityPolicies.append(reference)
        }
    }

    mutating func readInlinePolicy(_ resource: TerraformResource, kind: String) {
        guard let key = linked(resource, [.key(kind)], attribute: kind, display: kind, kind: kind) else { return }
        let policyName = (string(resource, "name") ?? nil) ?? Self.addressName(resource)
        let owner = key.split(separator: "/", maxSplits: 2)
        let ownerPath: String?
        if kind == "group" {
            ownerPath = nil
        } else {
            ownerPath = principals[key].flatMap { ARN($0.identity) }.map { arn in
                // role/teams/ci → teams/ci
                String(arn.resource.drop { $0 != "/" }.dropFirst())
            }
        }
        let file = "identity/\(owner[0])/\(kind)/\(ownerPath ?? String(owner[2])).inline.\(policyName).json"
        guard let reference = policy(resource, [.key("policy")], attribute: "policy", file: file) else { return }
        attach(reference, to: key, kind: kind)
    }

    mutating func readAttachment(_ resource: TerraformResource, kind: String) {
        guard let key = linked(resource, [.key(kind)], attribute: kind, display: kind, kind: kind),
              let reference = managedPolicy(resource, [.key("policy_arn")], attribute: "policy_arn", display: "policy_arn") else { return }
        attach(reference, to: key, kind: kind)
    }

    /// `aws_iam_policy_attachment`: one managed policy to lists of roles, users and groups.
    mutating func readExclusiveAttachment(_ resource: TerraformResource) {
        var keys: [(key: String, kind: String)] = []
        for (attribute, kind) in [("roles", "role"), ("users", "user"), ("groups", "group")] {
            guard let count = resource.count([.key(attribute)]) else {
                unknown(resource, attribute)
                continue
            }
            for i in 0..<count {
                if let key = linked(resource, [.key(attribute), .index(i)], attribute: attribute, display: "\(attribute)[\(i)]", kind: kind) {
                    keys.append((key, kind))
                }
            }
        }
        guard !keys.isEmpty, let reference = managedPolicy(resource, [.key("policy_arn")], attribute: "policy_arn", display: "policy_arn") else { return }
        for (key, kind) in keys { attach(reference, to: key, kind: kind) }
    }

    mutating func readUserGroups(_ resource: TerraformResource) {
        guard let user = linked(resource, [.key("user")], attribute: "user", display: "user", kind: "user") else { return }
        guard let count = resource.count([.key("groups")]) else { return unknown(resource, "groups") }
        for i in 0..<count {
            if let group = linked(resource, [.key("groups"), .index(i)], attribute: "groups", display: "groups[\(i)]", kind: "group") {
                iam.memberships[user, default: []].append(group)
            }
        }
    }

    mutating func readGroupMembers(_ resource: TerraformResource) {
        guard let group = linked(resource, [.key("group")], attribute: "group", display: "group", kind: "group") else { return }
        guard let count = resource.count([.key("users")]) else { return unknown(resource, "users") }
        for i in 0..<count {
            if let user = linked(resource, [.key("users"), .index(i)], attribute: "users", display: "users[\(i)]", kind: "user") {
                iam.memberships[user, default: []].append(group)
            }
        }
    }

    /// A user's identity policies include those of its groups (the group names stay in the paths).
    mutating func flattenGroups() {
        for (user, groups) in iam.memberships.sorted(by: { $0.key < $1.key }) {
            var seen = Set<String>()
            for group in groups where seen.insert(group).inserted {
                for reference in iam.groups[group]?.policies ?? [] { attach(reference, to: user, kind: "user") }
                if let name = iam.groups[group]?.name { principals[user]?.groups.append(name) }
            }
        }
    }
}

extension Resolution {
    func get() throws -> Value {
        switch self {
        case .resolved(let value): return value
        case .unresolved(let why): throw UnresolvedValue(reason: why)
        }
    }
}

struct UnresolvedValue: Error { var reason: String }
