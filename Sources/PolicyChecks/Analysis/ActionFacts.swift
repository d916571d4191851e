import PolicyCore

/// Facts about actions the rules need, read from the action catalog (the Service Authorization
/// Reference bundled with PolicyCore). The short lists below are the fallback for a build without
/// the catalog's data file, so the rules never go silent.
enum ActionFacts {
    static let catalog = ActionCatalog.shared

    /// Every ECR action, as `ecr:Name`.
    static let ecrActions: [String] = {
        let names = catalog.actions(ofService: "ecr").map(\.fullName)
        return names.isEmpty ? fallbackECRActions : names
    }()
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

    static let fallbackECRActions: [String] = [
        "ecr:BatchCheckLayerAvailability", "ecr:BatchDeleteImage", "ecr:BatchGetImage", "ecr:BatchGetRepositoryScanningConfiguration",
        "ecr:BatchImportUpstreamImage", "ecr:CompleteLayerUpload", "ecr:CreatePullThroughCacheRule", "ecr:CreateRepository",
        "ecr:CreateRepositoryCreationTemplate", "ecr:DeleteLifecyclePolicy", "ecr:DeletePullThroughCacheRule", "ecr:DeleteRegistryPolicy",
        "ecr:DeleteRepository", "ecr:DeleteRepositoryCreationTemplate", "ecr:DeleteRepositoryPolicy", "ecr:DescribeImageReplicationStatus",
        "ecr:DescribeImageScanFindings", "ecr:DescribeImages", "ecr:DescribePullThroughCacheRules", "ecr:DescribeRegistry",
        "ecr:DescribeRepositories", "ecr:DescribeRepositoryCreationTemplates", "ecr:GetAccountSetting", "ecr:GetAuthorizationToken",
        "ecr:GetDownloadUrlForLayer", "ecr:GetLifecyclePolicy", "ecr:GetLifecyclePolicyPreview", "ecr:GetRegistryPolicy",
        "ecr:GetRegistryScanningConfiguration", "ecr:GetRepositoryPolicy", "ecr:InitiateLayerUpload", "ecr:ListImages",
        "ecr:ListTagsForResource", "ecr:PutAccountSetting", "ecr:PutImage", "ecr:PutImageScanningConfiguration",
        "ecr:PutImageTagMutability", "ecr:PutLifecyclePolicy", "ecr:PutRegistryPolicy", "ecr:PutRegistryScanningConfiguration",
        "ecr:PutReplicationConfiguration", "ecr:ReplicateImage", "ecr:SetRepositoryPolicy", "ecr:StartImageScan",
        "ecr:StartLifecyclePolicyPreview", "ecr:TagResource", "ecr:UntagResource", "ecr:UpdatePullThroughCacheRule",
        "ecr:UpdateRepositoryCreationTemplate", "ecr:UploadLayerPart", "ecr:ValidatePullThroughCacheRule",
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
