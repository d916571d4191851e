/// What a reviewer asks about: a named bundle of ECR actions, allowed only when every required
/// action is (ECR User Guide, "Repository policy examples", "Private registry permissions",
/// "Pull through cache").
public enum Capability: String, Sendable, CaseIterable, Codable, Hashable {
    /// `docker pull`: an authorization token, then the manifest and the layers.
    case pull
    /// `docker push`: an authorization token, layer uploads and the manifest.
    case push
    /// Cross-account replication, destination side: the destination registry policy must let the
    /// source account (`arn:aws:iam::SOURCE:root`) replicate into the repository and create it.
    case replicate
    /// Replication, source side: configuring the registry's replication rules (identity policy).
    case configureReplication = "configure-replication"
    /// Pulling through a pull-through cache rule: pull plus importing the upstream image and
    /// creating the cached repository on first use.
    case pullThroughCacheImport = "pull-through-cache-import"
    /// Replacing or removing the repository policy: whoever can do this can grant anything else.
    case managePolicy = "manage-policy"
    /// Deleting images and the repository.
    case delete

    /// Accepts the raw value and common spellings (`pullThroughCache`, `manage_policy`, ...).
    public init?(name: String) {
        let folded = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if let c = Capability(rawValue: folded) { self = c; return }
        let compact = folded.replacingOccurrences(of: "-", with: "")
        guard let c = Capability.allCases.first(where: { $0.rawValue.replacingOccurrences(of: "-", with: "") == compact }) else { return nil }
        self = c
    }

    /// The actions, in the order a client calls them (built once per capability: the access matrix
    /// reads them for every cell).
    public var steps: [CapabilityStep] { Self.stepTable[self]! }

    /// The required steps, in order.
    public var requiredSteps: [CapabilityStep] { Self.requiredStepTable[self]! }

    private static let stepTable = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.describedSteps) })
    private static let requiredStepTable = stepTable.mapValues { $0.filter(\.required) }

    private var describedSteps: [CapabilityStep] {
        switch self {
        case .pull:
            [.token, .repo("ecr:BatchGetImage"), .repo("ecr:GetDownloadUrlForLayer"),
             .repo("ecr:BatchCheckLayerAvailability", required: false, note: "Docker clients call it, but AWS lists it only for push")]
        case .push:
            [.token, .repo("ecr:BatchCheckLayerAvailability"), .repo("ecr:InitiateLayerUpload"), .repo("ecr:UploadLayerPart"),
             .repo("ecr:CompleteLayerUpload"), .repo("ecr:PutImage"),
             .repo("ecr:BatchGetImage", required: false, note: "clients often read the manifest back after pushing")]
        case .replicate:
            [.repo("ecr:ReplicateImage"), .repo("ecr:CreateRepository", required: true, note: "needed unless the destination repository already exists")]
        case .configureReplication:
            [CapabilityStep(action: "ecr:PutReplicationConfiguration", onRepository: false, required: true, note: nil),
             CapabilityStep(action: "ecr:DescribeRegistry", onRepository: false, required: false, note: "to read the configuration back")]
        case .pullThroughCacheImport:
            [.token, .repo("ecr:BatchGetImage"), .repo("ecr:GetDownloadUrlForLayer"), .repo("ecr:BatchImportUpstreamImage"),
             .repo("ecr:CreateRepository", required: true, note: "the first pull creates the cached repository")]
        case .managePolicy:
            [.repo("ecr:SetRepositoryPolicy"), .repo("ecr:DeleteRepositoryPolicy"),
             .repo("ecr:GetRepositoryPolicy", required: false, note: "to read the policy being replaced")]
        case .delete:
            [.repo("ecr:BatchDeleteImage"), .repo("ecr:DeleteRepository")]
        }
    }

    /// The required actions' names.
    public var actions: [String] { requiredSteps.map(\.action) }
}

/// One action of a capability.
public struct CapabilityStep: Sendable, Hashable {
    public var action: String
    /// True for actions on the repository ARN; false for actions on resource `*` (identity-only).
    public var onRepository: Bool
    /// Whether the capability needs it; optional steps are evaluated and explained but do not decide.
    public var required: Bool
    public var note: String?

    public init(action: String, onRepository: Bool, required: Bool, note: String?) {
        self.action = action
        self.onRepository = onRepository
        self.required = required
        self.note = note
    }

    static let token = CapabilityStep(action: "ecr:GetAuthorizationToken", onRepository: false, required: true,
                                      note: "identity policy only; every push and pull needs it first")

    static func repo(_ action: String, required: Bool = true, note: String? = nil) -> CapabilityStep {
        CapabilityStep(action: action, onRepository: true, required: required, note: note)
    }
}
