import Foundation

/// The four manifest media types ecrguard reads and writes, byte for byte as the registry holds them.
public enum MediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd"

    public static let manifests: Set<String> = [ociManifest, ociIndex, dockerManifest, dockerManifestList]
    public static let indexes: Set<String> = [ociIndex, dockerManifestList]
    /// The Accept header of a manifest request.
    public static let acceptManifests = [ociIndex, dockerManifestList, ociManifest, dockerManifest].joined(separator: ", ")
}

/// A content descriptor: what a manifest says about a blob or a child manifest.
public struct Descriptor: Codable, Sendable, Equatable {
    public struct Platform: Codable, Sendable, Equatable {
        public var architecture: String
        public var os: String
        public var variant: String?
        public var description: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
    }

    public var mediaType: String
    public var digest: BlobDigest
    public var size: Int64
    public var platform: Platform?
    public var urls: [String]?
    public var annotations: [String: String]?

    public init(mediaType: String, digest: BlobDigest, size: Int64, annotations: [String: String]? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
    }
}

/// A manifest or an index as read from its bytes. The bytes are kept: they are what is pushed and what the
/// digest covers; ecrguard never re-serializes a manifest it did not build.
public struct ImageManifest: Sendable, Equatable {
    public var bytes: Data
    public var mediaType: String
    public var digest: BlobDigest
    public var config: Descriptor?
    public var layers: [Descriptor]
    /// The child manifests of an index (one per platform).
    public var manifests: [Descriptor]

    public var isIndex: Bool { MediaType.indexes.contains(mediaType) }
    /// The blobs an image manifest refers to: its config, then its layers.
    public var blobs: [Descriptor] { (config.map { [$0] } ?? []) + layers }

    private struct Document: Decodable {
        var schemaVersion: Int?
        var mediaType: String?
        var config: Descriptor?
        var layers: [Descriptor]?
        var manifests: [Descriptor]?
    }

    /// Reads a manifest. `declaredType` is the Content-Type or the descriptor's media type; the document's
    /// own `mediaType`, when present, must agree with it.
    public init(bytes: Data, declaredType: String?, source: String) throws(RegistryError) {
        let document: Document
        do { document = try JSONDecoder().decode(Document.self, from: bytes) } catch {
            throw RegistryError(.invalidImage, "\(source): not a readable manifest: \(error)")
        }
        guard document.schemaVersion == 2 else {
            throw RegistryError(.unsupported, "\(source): schemaVersion \(document.schemaVersion.map(String.init) ?? "missing") (only schema 2 manifests and indexes are supported)")
        }
        let declared = declaredType.map { $0.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? $0 }
            .flatMap { MediaType.manifests.contains($0) ? $0 : nil }
        let inferred = document.manifests != nil ? MediaType.ociIndex : MediaType.ociManifest
        let mediaType = document.mediaType ?? declared ?? inferred
        guard MediaType.manifests.contains(mediaType) else {
            throw RegistryError(.unsupported, "\(source): media type \(mediaType) is not a manifest or index ecrguard supports")
        }
        if let declared, declared != mediaType {
            throw RegistryError(.invalidImage, "\(source): declared as \(declared) but the document says \(mediaType)")
        }
        self.bytes = bytes
        self.mediaType = mediaType
        digest = BlobDigest.of(bytes)
        config = document.config
        layers = document.layers ?? []
        manifests = document.manifests ?? []
        if isIndex {
            guard document.config == nil, document.layers == nil else {
                throw RegistryError(.invalidImage, "\(source): an index with config or layers")
            }
        } else {
            guard config != nil else { throw RegistryError(.invalidImage, "\(source): an image manifest without a config") }
        }
        if let foreign = layers.first(where: { !($0.urls ?? []).isEmpty }) {
            throw RegistryError(.unsupported, "\(source): layer \(foreign.digest) is a foreign layer (urls); ecrguard copies registry blobs only")
        }
    }

    /// The descriptor that points at this manifest.
    public func descriptor(annotations: [String: String]? = nil) -> Descriptor {
        Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count), annotations: annotations)
    }
}

/// An image as a tree: the manifest named by the reference, its child manifests (for an index), and the
/// blobs of every image manifest, each once.
public struct ImageTree: Sendable {
    public var root: ImageManifest
    public var children: [ImageManifest]

    public var imageManifests: [ImageManifest] { root.isIndex ? children : [root] }

    /// Every blob, each digest once, in first-seen order.
    public var blobs: [Descriptor] {
        var seen: Set<BlobDigest> = []
        return imageManifests.flatMap(\.blobs).filter { seen.insert($0.digest).inserted }
    }

    public var totalBlobBytes: Int64 { blobs.reduce(0) { $0 + $1.size } }
}
