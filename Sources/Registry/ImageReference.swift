import Foundation
import ECRClient

/// `REGISTRY/REPOSITORY[:TAG][@sha256:DIGEST]`, as Docker writes image references. The registry host is
/// required: ecrguard never guesses a default registry.
public struct ImageReference: Sendable, Equatable, CustomStringConvertible {
    /// `host[:port]`.
    public var registry: String
    public var repository: String
    public var tag: String?
    public var digest: BlobDigest?

    public init(registry: String, repository: String, tag: String? = nil, digest: BlobDigest? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    public init(parsing text: String) throws(RegistryError) {
        var rest = Substring(text)
        var digest: BlobDigest?
        if let at = rest.firstIndex(of: "@") {
            digest = try BlobDigest(parsing: String(rest[rest.index(after: at)...]))
            rest = rest[..<at]
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw RegistryError(.invalidReference, "\(text): give the registry host, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/REPOSITORY:TAG")
        }
        let registry = String(rest[..<slash])
        var path = rest[rest.index(after: slash)...]
        var tag: String?
        if let colon = path.lastIndex(of: ":"), !path[colon...].contains("/") {
            tag = String(path[path.index(after: colon)...])
            path = path[..<colon]
        }
        guard registry.contains(".") || registry.contains(":") || registry == "localhost" else {
            throw RegistryError(.invalidReference, "\(text): '\(registry)' is not a registry host (it has no dot or port)")
        }
        let repositoryPattern = #"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$"#
        guard path.range(of: repositoryPattern, options: .regularExpression) != nil else {
            throw RegistryError(.invalidReference, "\(text): '\(path)' is not a valid repository name")
        }
        if let tag, tag.range(of: #"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$"#, options: .regularExpression) == nil {
            throw RegistryError(.invalidReference, "\(text): '\(tag)' is not a valid tag")
        }
        self.init(registry: registry, repository: String(path), tag: tag, digest: digest)
    }

    /// What goes after `/manifests/`: the digest when there is one, else the tag, else `latest`.
    public var manifestReference: String { digest?.description ?? tag ?? "latest" }

    /// The host without the port.
    public var host: String {
        if registry.hasPrefix("["), let end = registry.firstIndex(of: "]") { return String(registry[registry.index(after: registry.startIndex)..<end]) }
        return registry.split(separator: ":").first.map(String.init) ?? registry
    }

    public var port: Int? {
        if registry.hasPrefix("[") { return registry.split(separator: "]").last.flatMap { $0.hasPrefix(":") ? Int($0.dropFirst()) : nil } }
        let parts = registry.split(separator: ":")
        return parts.count == 2 ? Int(parts[1]) : nil
    }

    public var description: String {
        var text = "\(registry)/\(repository)"
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }
}

/// A content digest, `sha256:<64 lower-case hex>`. Other algorithms are refused: ecrguard verifies every
/// blob and can only verify SHA-256.
public struct BlobDigest: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let hex: String

    public init(parsing text: String) throws(RegistryError) {
        guard text.hasPrefix("sha256:") else {
            throw RegistryError(.invalidDigest, "'\(text)' is not a sha256 digest (ecrguard verifies sha256 only)")
        }
        let hex = String(text.dropFirst(7))
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw RegistryError(.invalidDigest, "'\(text)' is not a sha256 digest (64 lower-case hex digits)")
        }
        self.hex = hex
    }

    public init(hex: String) { self.hex = hex }

    /// The digest of bytes held in memory (manifests, configs).
    public static func of(_ data: Data) -> BlobDigest { BlobDigest(hex: CryptoDigest.sha256Hex(data)) }

    public var description: String { "sha256:\(hex)" }
    public static func < (lhs: BlobDigest, rhs: BlobDigest) -> Bool { lhs.hex < rhs.hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try BlobDigest(parsing: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
