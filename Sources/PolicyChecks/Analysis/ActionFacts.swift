import PolicyCore

/// Facts about actions the rules need, read from the action catalog (the Service Authorization
/// Reference compiled into PolicyCore).
enum ActionFacts {
    static let catalog = ActionCatalog.shared

    /// Every ECR action, as `ecr:Name`.
    static let ecrActions: [String] = catalog.actions(ofService: "ecr").map(\.fullName)
    /// ECR actions the registry permission policy honours under scope V1.
    static let registryV1Actions = RegistryPolicyScope.v1ActionNames

    /// ECR actions that have no repository resource type (account-level), so a repository policy cannot grant them.
    static let ecrAccountLevel: Set<String> = [
        "ecr:getauthorizationtoken", "ecr:describeregistry", "ecr:getregistrypolicy", "ecr:putregistrypolicy",
        "ecr:deleteregistrypolicy", "ecr:putreplicationconfiguration", "ecr:createpullthroughcacherule",
        "ecr:deletepullthroughcacherule", "ecr:describepullthroughcacherules", "ecr:updatepullthroughcacherule",
        "ecr:validatepullthroughcacherule", "ecr:putregistryscanningconfiguration", "ecr:getregistryscanningconfiguration",
        "ecr:describerepositorycreationtemplates", "ecr:createrepositorycreationtemplate", "ecr:deleterepositorycreationtemplate",
        "ecr:updaterepositorycreationtemplate", "ecr:getaccountsetting", "ecr:putaccountsetting",
    ]

    /// Known action names that `pattern` matches.
    static func expand(_ pattern: String) -> [String] {
        ecrActions.filter { ActionGlob.matches(pattern, $0) }
    }

    /// Whether the action can be granted by a repository policy (it has the repository resource type).
    /// Unknown actions count as repository-scoped so nothing is claimed about them.
    static func isRepositoryScoped(_ action: String) -> Bool {
        if let definition = catalog.action(action), definition.isDetailed {
            return definition.resourceTypes.contains("repository")
        }
        return !ecrAccountLevel.contains(action.lowercased()) && action.lowercased().hasPrefix("ecr:")
    }
}

extension ActionFacts {
    /// Whether the action changes images, repositories or their policies (write or permissions management).
    static func isWrite(_ action: String) -> Bool {
        if let definition = catalog.action(action) {
            return definition.accessLevel == .write || definition.accessLevel == .permissionsManagement || definition.accessLevel == .tagging
        }
        let name = action.split(separator: ":").last.map(String.init) ?? action
        let writePrefixes = ["Put", "Set", "Delete", "BatchDelete", "Initiate", "Upload", "Complete", "Create", "Start",
                             "Tag", "Untag", "Replicate", "BatchImport", "Update"]
        return writePrefixes.contains { name.hasPrefix($0) }
    }
}
