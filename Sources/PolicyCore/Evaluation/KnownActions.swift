/// The ECR actions, given small integer ids so a compiled policy can precompute which statements
/// cover each one. Taken once from the bundled `ActionCatalog` (which policy parsing loads anyway);
/// `fallbackNames` (Service Authorization Reference, "Amazon Elastic Container Registry") when the
/// catalog has no ECR actions. Ids only speed evaluation up: any other action is still evaluated,
/// by scanning every statement.
enum KnownActions {
    static let names: [String] = {
        let fromCatalog = ActionCatalog.shared.actions(ofService: "ecr").map { "ecr:" + $0.name }
        return fromCatalog.isEmpty ? fallbackNames : fromCatalog
    }()

    static let fallbackNames: [String] = """
    BatchCheckLayerAvailability BatchDeleteImage BatchGetImage BatchGetRepositoryScanningConfiguration BatchImportUpstreamImage
    CompleteLayerUpload CreatePullThroughCacheRule CreateRepository CreateRepositoryCreationTemplate DeleteLifecyclePolicy
    DeletePullThroughCacheRule DeleteRegistryPolicy DeleteRepository DeleteRepositoryCreationTemplate DeleteRepositoryPolicy
    DescribeImageReplicationStatus DescribeImageScanFindings DescribeImageSigningStatus DescribeImages DescribePullThroughCacheRules
    DescribeRegistry DescribeRepositories DescribeRepositoryCreationTemplates GetAccountSetting GetAuthorizationToken
    GetDownloadUrlForLayer GetImageCopyStatus GetLifecyclePolicy GetLifecyclePolicyPreview GetRegistryPolicy
    GetRegistryScanningConfiguration GetRepositoryPolicy GetSigningConfiguration InitiateLayerUpload ListImages
    ListPullTimeUpdateExclusions ListTagsForResource PutAccountSetting PutImage PutImageScanningConfiguration
    PutImageTagMutability PutLifecyclePolicy PutRegistryPolicy PutRegistryScanningConfiguration PutReplicationConfiguration
    PutSigningConfiguration ReplicateImage SetRepositoryPolicy StartImageScan StartLifecyclePolicyPreview TagResource
    UntagResource UpdateImageStorageClass UpdatePullThroughCacheRule UpdateRepositoryCreationTemplate UploadLayerPart
    ValidatePullThroughCacheRule
    """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map { "ecr:" + String($0) }

    static let lowercased: [String] = names.map { $0.lowercased() }
    static let ids: [String: Int] = Dictionary(lowercased.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })

    /// The id of a lower-cased action, or -1.
    static func id(_ lowercasedAction: String) -> Int { ids[lowercasedAction] ?? -1 }
}
