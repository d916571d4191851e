/// The registry manifest `policies/ecrguard.yaml`: the desired state of one or more ECR registries,
/// the principals worth simulating against them, and what must (and must not) be possible.
///
/// Policy files are named by path relative to the manifest's directory; the loader reads them.
public struct Manifest: Sendable {
    /// The manifest file as the user named it (`policies/ecrguard.yaml`).
    public var file: String
    public var registries: [RegistryManifest]
    public var principals: [PrincipalManifest]
    public var expectations: [Expectation]

    public init(file: String, registries: [RegistryManifest], principals: [PrincipalManifest], expectations: [Expectation]) {
        self.file = file
        self.registries = registries
        self.principals = principals
        self.expectations = expectations
    }

    /// The registry of an account in a region.
    public func registry(account: String, region: String) -> RegistryManifest? {
        registries.first { $0.account == account && $0.region == region }
    }

    public func principal(named name: String) -> PrincipalManifest? {
        principals.first { $0.name == name }
    }
}

/// A path to a policy file, with the manifest line that names it (for "file not found" errors).
public struct PolicyReference: Sendable, Hashable {
    /// Relative to the manifest's directory.
    public var path: String
    public var location: ManifestLocation

    public init(path: String, location: ManifestLocation) {
        self.path = path
        self.location = location
    }
}

/// The organization an account belongs to: the values of `aws:PrincipalOrgID` and
/// `aws:PrincipalOrgPaths` for its principals.
public struct OrganizationMembership: Sendable, Hashable {
    /// `o-` followed by 10 to 32 lowercase letters or digits.
    public var id: String
    /// `o-id/r-root/ou-.../` as `aws:PrincipalOrgPaths` carries it; optional.
    public var ouPath: String?
    /// The organization's management account: SCPs do not apply to its principals, RCPs not to its
    /// resources. Optional.
    public var managementAccount: String?

    /// `o-` followed by 10 to 32 lowercase letters or digits.
    public static func isValidID(_ text: String) -> Bool { ManifestSyntax.isOrganizationID(text) }

    public init(id: String, ouPath: String? = nil, managementAccount: String? = nil) {
        self.id = id
        self.ouPath = ouPath
        self.managementAccount = managementAccount
    }
}
