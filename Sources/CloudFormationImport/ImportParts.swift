import RegistryAudit

/// Something in a template the reader could not read, resolve or represent; never silently dropped.
public struct TemplateGap: Sendable, Hashable {
    /// `IAC_VALUE_UNKNOWN` or `IAC_UNSUPPORTED`.
    public var code: String
    public var location: ManifestLocation
    /// Where in the template: `Resources.Repo.Properties.RepositoryPolicyText`.
    public var subject: String
    public var message: String

    public init(code: String, location: ManifestLocation, subject: String, message: String) {
        self.code = code
        self.location = location
        self.subject = subject
        self.message = message
    }

    public static let valueUnknown = "IAC_VALUE_UNKNOWN"
    public static let unsupported = "IAC_UNSUPPORTED"
}

/// A policy document read from a template: its JSON text and the template property it came from.
public struct TemplatePolicy: Sendable, Hashable {
    public var text: String
    /// `Resources.<LogicalId>.Properties.<Property>`.
    public var origin: String
    public var location: ManifestLocation

    public init(text: String, origin: String, location: ManifestLocation) {
        self.text = text
        self.origin = origin
        self.location = location
    }
}
