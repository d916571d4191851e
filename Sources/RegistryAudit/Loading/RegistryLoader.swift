import PolicyCore

/// Reads a file the manifest names. The CLI passes one that reads the file system; tests pass a
/// dictionary. `path` is the manifest's directory joined with the path written in the manifest.
public typealias PolicyFileReader = @Sendable (_ path: String) throws -> String

/// One policy file as the manifest attaches it.
public struct PolicyFile: Sendable, Hashable {
    /// As the user sees it: the manifest's directory joined with the manifest's path.
    public var path: String
    public var kind: PolicyKind
    public var text: String

    public init(path: String, kind: PolicyKind, text: String) {
        self.path = path
        self.kind = kind
        self.text = text
    }
}

/// A manifest with every policy file it names read in.
public struct RegistryInput: Sendable {
    public var manifest: Manifest
    /// The manifest's text, for excerpts in reports.
    public var manifestText: String
    /// The manifest's directory as the user named it (`policies`), prefixed to policy paths.
    public var directory: String
    /// Every policy file by `path` (as in `PolicyFile.path`) and kind.
    public var policies: [PolicyKey: PolicyFile]

    public init(manifest: Manifest, manifestText: String, directory: String, policies: [PolicyKey: PolicyFile]) {
        self.manifest = manifest
        self.manifestText = manifestText
        self.directory = directory
        self.policies = policies
    }

    /// The path a reference resolves to.
    public func path(of reference: PolicyReference) -> String {
        RegistryLoader.join(directory, reference.path)
    }

    public func policy(_ reference: PolicyReference, kind: PolicyKind) -> PolicyFile? {
        policies[PolicyKey(path: path(of: reference), kind: kind)]
    }

    /// All policy files in a stable order (path, then kind).
    public var sortedPolicies: [PolicyFile] {
        policies.values.sorted { ($0.path, $0.kind.rawValue) < ($1.path, $1.kind.rawValue) }
    }
}

public struct PolicyKey: Sendable, Hashable {
    public var path: String
    public var kind: PolicyKind

    public init(path: String, kind: PolicyKind) {
        self.path = path
        self.kind = kind
    }
}

/// Decodes the manifest and reads the policy files it names. Errors name the manifest line that
/// refers to a file that cannot be read.
public enum RegistryLoader {
    /// The manifest's file name inside a `policies/` directory.
    public static let manifestName = "ecrguard.yaml"

    public static func load(manifestText: String, manifestPath: String, directory: String, read: PolicyFileReader) throws(ManifestErrors) -> RegistryInput {
        let manifest = try ManifestDecoder.decode(manifestText, file: manifestPath)
        var policies: [PolicyKey: PolicyFile] = [:]
        var texts: [String: String] = [:]
        var errors: [ManifestError] = []
        var failed: Set<String> = []
        for (reference, kind) in references(in: manifest) {
            let path = join(directory, reference.path)
            let key = PolicyKey(path: path, kind: kind)
            if policies[key] != nil || failed.contains(path) { continue }
            if let text = texts[path] {
                policies[key] = PolicyFile(path: path, kind: kind, text: text)
                continue
            }
            do {
                let text = try read(path)
                texts[path] = text
                policies[key] = PolicyFile(path: path, kind: kind, text: text)
            } catch {
                failed.insert(path)
                errors.append(ManifestError("cannot read \(kind.rawValue) policy '\(path)': \(error)", at: reference.location))
            }
        }
        if !errors.isEmpty { throw ManifestErrors(errors) }
        return RegistryInput(manifest: manifest, manifestText: manifestText, directory: directory, policies: policies)
    }

    /// Every policy reference with the kind of policy it is attached as, in manifest order.
    public static func references(in manifest: Manifest) -> [(PolicyReference, PolicyKind)] {
        var result: [(PolicyReference, PolicyKind)] = []
        for registry in manifest.registries {
            if let policy = registry.registryPolicy { result.append((policy, .registry)) }
            result += registry.resourceControlPolicies.joined().map { ($0, .rcp) }
            for repository in registry.repositories {
                if let policy = repository.policy { result.append((policy, .repository)) }
            }
        }
        for principal in manifest.principals {
            result += principal.identityPolicies.map { ($0, .identity) }
            if let boundary = principal.permissionBoundary { result.append((boundary, .boundary)) }
            if let session = principal.sessionPolicy { result.append((session, .session)) }
            result += principal.serviceControlPolicies.flatMap { $0 }.map { ($0, .scp) }
        }
        return result
    }

    /// `directory/path`, without a leading `./` and with `.` segments removed.
    public static func join(_ directory: String, _ path: String) -> String {
        if !path.hasPrefix("./"), !path.containsBytes("/./"), !path.containsBytes("//"), !directory.isEmpty, directory != ".",
           !directory.hasSuffix("/"), !directory.hasPrefix("./"), !directory.containsBytes("/./"), !directory.containsBytes("//") {
            return directory + "/" + path
        }
        let parts = (directory.isEmpty || directory == "." ? [] : directory.split(separator: "/", omittingEmptySubsequences: true))
            + path.split(separator: "/", omittingEmptySubsequences: true)
        let kept = parts.filter { $0 != "." }
        return (directory.hasPrefix("/") ? "/" : "") + kept.joined(separator: "/")
    }
}
