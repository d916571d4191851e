import ECRClient
import Foundation

/// An image held locally, ready to push: its manifests (bytes as they will be pushed) and where each
/// blob's bytes are.
public struct LocalImage: Sendable {
    public var tree: ImageTree
    public var blobFiles: [BlobDigest: BlobFile]
    /// Where the image came from, for messages.
    public var source: String
}

/// An OCI image layout directory (`oci-layout`, `index.json`, `blobs/sha256/…`), read and written as
/// the OCI image-layout specification describes it.
public enum OCIImageLayout {
    public static let refNameAnnotation = "org.opencontainers.image.ref.name"

    private struct Index: Decodable {
        var manifests: [Descriptor]
    }

    /// Reads `DIR` or `DIR:TAG`. Without a tag the layout must name exactly one image.
    public static func read(_ argument: String) throws(RegistryError) -> LocalImage {
        var directory = argument
        var tag: String?
        if !FileManager.default.fileExists(atPath: argument), let colon = argument.lastIndex(of: ":") {
            directory = String(argument[..<colon])
            tag = String(argument[argument.index(after: colon)...])
        }
        let root = URL(fileURLWithPath: directory)
        let layoutFile = root.appendingPathComponent("oci-layout")
        guard let layoutData = try? Data(contentsOf: layoutFile),
              let layout = try? JSONSerialization.jsonObject(with: layoutData) as? [String: Any],
              layout["imageLayoutVersion"] as? String == "1.0.0" else {
            throw RegistryError(.invalidImage, "\(directory): not an OCI image layout (no readable oci-layout with imageLayoutVersion 1.0.0)")
        }
        let indexPath = root.appendingPathComponent("index.json").path
        guard let indexData = FileManager.default.contents(atPath: indexPath) else {
            throw RegistryError(.invalidImage, "\(indexPath): cannot read")
        }
        let index: Index
        do { index = try JSONDecoder().decode(Index.self, from: indexData) } catch {
            throw RegistryError(.invalidImage, "\(indexPath): not a readable index: \(error)")
        }
        let candidates = tag.map { tag in index.manifests.filter { $0.annotations?[refNameAnnotation] == tag } } ?? index.manifests
        guard candidates.count == 1, let chosen = candidates.first else {
            let names = index.manifests.compactMap { $0.annotations?[refNameAnnotation] }
            let known = names.isEmpty ? "none" : names.joined(separator: ", ")
            throw RegistryError(.invalidImage, tag == nil
                ? "\(indexPath): \(index.manifests.count) images; name one as \(directory):TAG (tags: \(known))"
                : "\(indexPath): no single image tagged '\(tag!)' (tags: \(known))")
        }
        func blobFile(_ descriptor: Descriptor) throws(RegistryError) -> BlobFile {
            let path = root.appendingPathComponent("blobs/sha256/\(descriptor.digest.hex)").path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? NSNumber else {
                throw RegistryError(.invalidImage, "\(path): blob \(descriptor.digest) is missing from the layout")
            }
            guard size.int64Value == descriptor.size else {
                throw RegistryError(.sizeMismatch, "\(path): \(size.int64Value) bytes, its descriptor says \(descriptor.size)")
            }
            return BlobFile(path: path, length: descriptor.size)
        }
        func manifest(_ descriptor: Descriptor) throws(RegistryError) -> ImageManifest {
            let file = try blobFile(descriptor)
            guard let bytes = FileManager.default.contents(atPath: file.path) else { throw RegistryError(.localFile, "cannot read \(file.path)") }
            let manifest = try ImageManifest(bytes: bytes, declaredType: descriptor.mediaType, source: file.path)
            guard manifest.digest == descriptor.digest else {
                throw RegistryError(.digestMismatch, "\(file.path): manifest has digest \(manifest.digest), not \(descriptor.digest); the layout is corrupt")
            }
            return manifest
        }
        let root0 = try manifest(chosen)
        let children = try root0.manifests.map { (child: Descriptor) throws(RegistryError) in try manifest(child) }
        let tree = ImageTree(root: root0, children: children)
        var files: [BlobDigest: BlobFile] = [:]
        for blob in tree.blobs { files[blob.digest] = try blobFile(blob) }
        return LocalImage(tree: tree, blobFiles: files, source: directory)
    }

    /// The path of a blob inside a layout directory.
    public static func blobPath(_ root: URL, _ digest: BlobDigest) -> URL {
        root.appendingPathComponent("blobs/sha256/\(digest.hex)")
    }

    /// Writes `oci-layout`, the manifests and `index.json` (blobs are already in place).
    static func writeMetadata(_ root: URL, tree: ImageTree, tag: String?) throws(RegistryError) {
        do {
            try FileManager.default.createDirectory(at: root.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true)
            for manifest in [tree.root] + tree.children {
                try manifest.bytes.write(to: blobPath(root, manifest.digest))
            }
            try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: root.appendingPathComponent("oci-layout"))
            var entry: [String: Any] = ["mediaType": tree.root.mediaType, "digest": tree.root.digest.description, "size": tree.root.bytes.count]
            if let tag { entry["annotations"] = [refNameAnnotation: tag] }
            let index: [String: Any] = ["schemaVersion": 2, "mediaType": MediaType.ociIndex, "manifests": [entry]]
            let data = try JSONSerialization.data(withJSONObject: index, options: [.sortedKeys, .withoutEscapingSlashes])
            try data.write(to: root.appendingPathComponent("index.json"))
        } catch {
            throw RegistryError(.localFile, "cannot write the image layout \(root.path): \(error.localizedDescription)")
        }
    }
}
