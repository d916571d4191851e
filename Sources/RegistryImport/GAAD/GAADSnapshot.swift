import Foundation
import RegistryAudit

/// The IAM part of an account as `iam:GetAccountAuthorizationDetails` (GAAD) returns it: users,
/// groups, roles and managed policies with their documents as JSON text. Read from the AWS CLI's
/// output file by `GAADFileReader`, or filled from API answers by a live import; `GAADImport` maps it
/// into manifest terms either way.
public struct GAADSnapshot: Sendable, Hashable {
    public var users: [User]
    public var groups: [Group]
    public var roles: [Role]
    public var policies: [ManagedPolicy]

    public init(users: [User] = [], groups: [Group] = [], roles: [Role] = [], policies: [ManagedPolicy] = []) {
        self.users = users
        self.groups = groups
        self.roles = roles
        self.policies = policies
    }

    /// An inline policy (`UserPolicyList`, `GroupPolicyList`, `RolePolicyList`).
    public struct InlinePolicy: Sendable, Hashable {
        public var name: String
        /// JSON text (see `GAADSnapshot.documentText`).
        public var document: String
        public var location: ManifestLocation

        public init(name: String, document: String, location: ManifestLocation) {
            self.name = name
            self.document = document
            self.location = location
        }
    }

    /// A managed policy attached to a principal or group, or used as its permissions boundary.
    public struct AttachedPolicy: Sendable, Hashable {
        public var arn: String
        public var location: ManifestLocation

        public init(arn: String, location: ManifestLocation) {
            self.arn = arn
            self.location = location
        }
    }

    /// A user or role: what GAAD lists for both.
    public struct Principal: Sendable, Hashable {
        public var name: String
        /// `/` or `/a/b/`.
        public var path: String
        public var arn: String
        public var inlinePolicies: [InlinePolicy]
        public var attachedPolicies: [AttachedPolicy]
        public var permissionsBoundary: AttachedPolicy?
        /// Users only: the names of the groups it belongs to (`GroupList`).
        public var groups: [String]
        public var location: ManifestLocation

        public init(name: String, path: String, arn: String, inlinePolicies: [InlinePolicy] = [], attachedPolicies: [AttachedPolicy] = [],
                    permissionsBoundary: AttachedPolicy? = nil, groups: [String] = [], location: ManifestLocation) {
            self.name = name
            self.path = path
            self.arn = arn
            self.inlinePolicies = inlinePolicies
            self.attachedPolicies = attachedPolicies
            self.permissionsBoundary = permissionsBoundary
            self.groups = groups
            self.location = location
        }
    }

    public typealias User = Principal
    public typealias Role = Principal

    public struct Group: Sendable, Hashable {
        public var name: String
        public var path: String
        public var arn: String
        public var inlinePolicies: [InlinePolicy]
        public var attachedPolicies: [AttachedPolicy]
        public var location: ManifestLocation

        public init(name: String, path: String, arn: String, inlinePolicies: [InlinePolicy] = [], attachedPolicies: [AttachedPolicy] = [],
                    location: ManifestLocation) {
            self.name = name
            self.path = path
            self.arn = arn
            self.inlinePolicies = inlinePolicies
            self.attachedPolicies = attachedPolicies
            self.location = location
        }
    }

    /// A managed policy (`Policies`) with its versions.
    public struct ManagedPolicy: Sendable, Hashable {
        public var arn: String
        /// `PolicyName`; absent in some answers (moto), then derived from the ARN (`name`).
        public var policyName: String?
        public var defaultVersionId: String?
        public var versions: [PolicyVersion]
        public var location: ManifestLocation

        public init(arn: String, policyName: String? = nil, defaultVersionId: String? = nil, versions: [PolicyVersion] = [], location: ManifestLocation) {
            self.arn = arn
            self.policyName = policyName
            self.defaultVersionId = defaultVersionId
            self.versions = versions
            self.location = location
        }

        /// `PolicyName`, or the last part of the ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`).
        public var name: String { policyName ?? String(arn.split(separator: "/").last ?? Substring(arn)) }

        /// The version in force: the one marked `IsDefaultVersion`, else the one `DefaultVersionId` names.
        public var defaultVersion: PolicyVersion? {
            versions.first { $0.isDefault } ?? versions.first { $0.versionId != nil && $0.versionId == defaultVersionId }
        }
    }

    public struct PolicyVersion: Sendable, Hashable {
        public var versionId: String?
        /// JSON text; nil when the answer carried no document.
        public var document: String?
        public var isDefault: Bool
        public var location: ManifestLocation

        public init(versionId: String?, document: String?, isDefault: Bool, location: ManifestLocation) {
            self.versionId = versionId
            self.document = document
            self.isDefault = isDefault
            self.location = location
        }
    }

    /// A policy document as GAAD carries it: JSON text as is when it starts with `{` (after
    /// whitespace: the AWS CLI's decoded form, moto's trust policies), else RFC 3986 URL-encoded
    /// (the API's form) and decoded here. nil when the percent-encoding is invalid.
    public static func documentText(_ raw: String) -> String? {
        if raw.drop(while: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).first == "{" { return raw }
        return raw.removingPercentEncoding
    }
}
