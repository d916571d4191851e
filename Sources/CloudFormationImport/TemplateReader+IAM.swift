import RegistryAudit

extension TemplateReader {
    func inlinePath(_ target: IAMTarget, path: String, policyName: String) -> String {
        "identity/\(options.account)/\(target.kind.rawValue)/\(Self.pathName(path, target.name)).inline.\(policyName).json"
    }

    /// A role, user or group: its inline `Policies`, `ManagedPolicyArns`, `PermissionsBoundary` and
    /// (users) `Groups`.
    func entity(_ resource: TemplateResource, _ kind: IAMTarget.Kind, _ contents: inout StackContents) {
        guard let (name, path) = attempt(&contents, subject(resource), { () throws(UnresolvedValue) in
            (try resolver.physicalName(resource), try resolver.path(of: resource))
        }) else { return }
        let target = IAMTarget(kind: kind, name: name)
        contents.entities[target] = IAMEntity(target: target, path: path, location: resource.location)
        if let policies = attempt(&contents, subject(resource, "Policies"), { () throws(UnresolvedValue) in try resolved(resource, "Policies") }), let policies {
            for (index, entry) in (policies.elements ?? []).enumerated() {
                let origin = subject(resource, "Policies") + "[\(index)]"
                guard let policyName = entry["PolicyName"]?.scalarText else {
                    contents.gap("an inline policy needs a PolicyName", at: entry.location, subject: origin)
                    continue
                }
                let file = inlinePath(target, path: path, policyName: policyName)
                if let reference = policy(entry["PolicyDocument"], origin: origin + ".PolicyDocument", path: file, &contents) {
                    contents.inlinePolicies[target, default: []].append(reference)
                }
            }
        }
        attachManaged(resource, "ManagedPolicyArns", to: target, &contents)
        if kind != .group, let boundary = resource.property("PermissionsBoundary") {
            let what = subject(resource, "PermissionsBoundary")
            if let arn = attempt(&contents, what, { () throws(UnresolvedValue) in try resolver.string(boundary, "PermissionsBoundary") }) {
                contents.boundaries[target] = ManagedAttachment(arn: arn, location: boundary.location, subject: what)
            }
        }
        if kind == .user, let groups = resource.property("Groups"),
           let names = attempt(&contents, subject(resource, "Groups"), { () throws(UnresolvedValue) in try resolver.strings(groups, "Groups") }) {
            for group in names { contents.groupMembers[group, default: []].append(name) }
        }
    }

    private func attachManaged(_ resource: TemplateResource, _ property: String, to target: IAMTarget, _ contents: inout StackContents) {
        let what = subject(resource, property)
        guard let list = attempt(&contents, what, { () throws(UnresolvedValue) in try resolved(resource, property) }), let list else { return }
        for element in list.elements ?? [] {
            guard let arn = element.scalarText else {
                contents.gap("a managed policy ARN must be text, found \(element.typeDescription)", at: element.location, subject: what)
                continue
            }
            contents.managedAttachments[target, default: []].append(ManagedAttachment(arn: arn, location: element.location, subject: what))
        }
    }

    /// The identities a policy resource names in `Roles`, `Users` and `Groups` (or, for
    /// `AWS::IAM::RolePolicy` and the like, `RoleName`, `UserName`, `GroupName`).
    private func targets(_ resource: TemplateResource, _ contents: inout StackContents) -> [IAMTarget] {
        var out: [IAMTarget] = []
        let lists: [(String, IAMTarget.Kind)] = [("Roles", .role), ("Users", .user), ("Groups", .group)]
        for (property, kind) in lists {
            guard let value = resource.property(property) else { continue }
            let names = attempt(&contents, subject(resource, property)) { () throws(UnresolvedValue) in try resolver.strings(value, property) } ?? []
            out += names.map { IAMTarget(kind: kind, name: Self.lastPathComponent($0)) }
        }
        let singles: [(String, IAMTarget.Kind)] = [("RoleName", .role), ("UserName", .user), ("GroupName", .group)]
        for (property, kind) in singles {
            guard let value = resource.property(property) else { continue }
            if let name = attempt(&contents, subject(resource, property), { () throws(UnresolvedValue) in try resolver.string(value, property) }) {
                out.append(IAMTarget(kind: kind, name: name))
            }
        }
        return out
    }

    /// `AWS::IAM::Policy` names roles by name; a role ARN's last component is accepted too.
    static func lastPathComponent(_ name: String) -> String {
        name.hasPrefix("arn:") ? String(name.split(separator: "/").last ?? Substring(name)) : name
    }

    /// `AWS::IAM::Policy`, `RolePolicy`, `UserPolicy`, `GroupPolicy`: one inline policy on each target.
    func inlinePolicy(_ resource: TemplateResource, _ contents: inout StackContents) {
        let origin = subject(resource, "PolicyDocument")
        guard let nameValue = resource.property("PolicyName"),
              let policyName = attempt(&contents, subject(resource, "PolicyName"), { () throws(UnresolvedValue) in try resolver.string(nameValue, "PolicyName") }) else {
            if resource.property("PolicyName") == nil { contents.gap("an inline policy needs a PolicyName", at: resource.location, subject: subject(resource)) }
            return
        }
        for target in targets(resource, &contents) {
            let path = contents.entities[target]?.path ?? (template.resources.first { definesEntity($0, target) }.flatMap { try? resolver.path(of: $0) } ?? "/")
            let file = inlinePath(target, path: path, policyName: policyName)
            if let reference = policy(resource.property("PolicyDocument"), origin: origin, path: file, &contents) {
                contents.inlinePolicies[target, default: []].append(reference)
            }
        }
    }

    private func definesEntity(_ resource: TemplateResource, _ target: IAMTarget) -> Bool {
        let type = ["role": "AWS::IAM::Role", "user": "AWS::IAM::User", "group": "AWS::IAM::Group"][target.kind.rawValue]
        return resource.type == type && (try? resolver.physicalName(resource)) == target.name
    }

    /// `AWS::IAM::ManagedPolicy`: written once under `identity/managed/ACCOUNT/`, attached to the
    /// identities it names and to any that list its ARN.
    func managedPolicy(_ resource: TemplateResource, _ contents: inout StackContents) {
        guard let (arn, name, path) = attempt(&contents, subject(resource), { () throws(UnresolvedValue) in
            (try resolver.arn(of: resource), try resolver.physicalName(resource), try resolver.path(of: resource))
        }) else { return }
        let file = "identity/managed/\(options.account)/\(Self.pathName(path, name)).json"
        guard let reference = policy(resource.property("PolicyDocument"), origin: subject(resource, "PolicyDocument"), path: file, &contents) else { return }
        contents.managedPolicies[arn] = reference
        for target in targets(resource, &contents) {
            contents.managedAttachments[target, default: []].append(ManagedAttachment(arn: arn, location: resource.location, subject: subject(resource)))
        }
    }

    func groupAddition(_ resource: TemplateResource, _ contents: inout StackContents) {
        guard let groupValue = resource.property("GroupName"), let usersValue = resource.property("Users") else {
            contents.gap("AWS::IAM::UserToGroupAddition needs GroupName and Users", at: resource.location, subject: subject(resource))
            return
        }
        guard let (group, users) = attempt(&contents, subject(resource), { () throws(UnresolvedValue) in
            (try resolver.string(groupValue, "GroupName"), try resolver.strings(usersValue, "Users"))
        }) else { return }
        contents.groupMembers[group, default: []] += users
    }

    /// `AWS::Organizations::Policy`: service control and resource control policies attached to the
    /// organization's root or to this account apply to every principal (SCPs) or to the registry
    /// (RCPs) of the account, one level each, beside `FullAWSAccess` / `RCPFullAWSAccess`, which
    /// Organizations attaches to every root, OU and account by default.
    func organizationPolicy(_ resource: TemplateResource, _ contents: inout StackContents) {
        let type = resource.property("Type")?.scalarText ?? ""
        let isSCP = type == "SERVICE_CONTROL_POLICY"
        guard isSCP || type == "RESOURCE_CONTROL_POLICY" else {
            contents.notes.append("\(template.file): \(resource.logicalId) is an organization policy of type \(type), not part of the access model")
            return
        }
        guard let nameValue = resource.property("Name"),
              let name = attempt(&contents, subject(resource, "Name"), { () throws(UnresolvedValue) in try resolver.string(nameValue, "Name") }),
              let targetsValue = resource.property("TargetIds"),
              let targetIds = attempt(&contents, subject(resource, "TargetIds"), { () throws(UnresolvedValue) in try resolver.strings(targetsValue, "TargetIds") }) else {
            if resource.property("TargetIds") == nil {
                contents.notes.append("\(template.file): organization policy \(resource.logicalId) is attached to nothing")
            }
            return
        }
        var levels: [String] = []
        for id in targetIds {
            if id == options.account {
                levels.append("account")
            } else if id.hasPrefix("r-") {
                levels.append("root")
            } else if id.hasPrefix("ou-") {
                contents.gap("\(isSCP ? "service" : "resource") control policy '\(name)' is attached to \(id); whether account \(options.account) is in that organizational unit is not in the template",
                             at: targetsValue.location, subject: subject(resource, "TargetIds"))
            }
        }
        guard !levels.isEmpty else { return }
        if !isSCP { noteRegistry(resource, &contents) }
        let path = "\(isSCP ? "scp" : "rcp")/\(name).json"
        guard let reference = policy(resource.property("Content"), origin: subject(resource, "Content"), path: path, &contents) else { return }
        for level in Set(levels).sorted() {
            if isSCP {
                if contents.serviceControlPolicies[level] == nil {
                    contents.serviceControlPolicies[level] = [defaultPolicy(.fullAWSAccess, &contents, at: resource.location)]
                }
                contents.serviceControlPolicies[level]?.append(reference)
            } else {
                if contents.resourceControlPolicies[level] == nil {
                    contents.resourceControlPolicies[level] = [defaultPolicy(.rcpFullAWSAccess, &contents, at: resource.location)]
                }
                contents.resourceControlPolicies[level]?.append(reference)
            }
        }
    }

    /// The policies AWS Organizations attaches to every root, OU and account unless removed.
    enum DefaultOrganizationPolicy: String {
        case fullAWSAccess = "scp/FullAWSAccess.json"
        case rcpFullAWSAccess = "rcp/RCPFullAWSAccess.json"

        var text: String {
            let principal = self == .rcpFullAWSAccess ? "      \"Principal\": \"*\",\n" : ""
            return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n\(principal)      \"Action\": \"*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}\n"
        }

        var name: String { self == .fullAWSAccess ? "FullAWSAccess" : "RCPFullAWSAccess" }
    }

    private func defaultPolicy(_ policy: DefaultOrganizationPolicy, _ contents: inout StackContents, at location: ManifestLocation) -> PolicyReference {
        if contents.policies[policy.rawValue] == nil {
            contents.policies[policy.rawValue] = TemplatePolicy(text: policy.text, origin: "\(policy.name) (attached by AWS Organizations by default)", location: location)
            contents.notes.append("\(policy.name) is assumed attached beside the template's \(policy == .fullAWSAccess ? "service" : "resource") control policies, as AWS Organizations attaches it by default")
        }
        return PolicyReference(path: policy.rawValue, location: location)
    }
}
