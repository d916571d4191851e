/// A problem with the `policies/` input: a manifest that does not describe a registry as the format
/// requires, a policy file that cannot be read, or a policy that cannot be parsed.
///
/// Always names the file, line and column the user must look at.
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: ManifestLocation
    public var message: String

    public init(_ message: String, at location: ManifestLocation) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Every problem found in one pass over the input, in source order; thrown by the loader so the user
/// can fix them all at once.
public struct ManifestErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ManifestError]

    public init(_ errors: [ManifestError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
