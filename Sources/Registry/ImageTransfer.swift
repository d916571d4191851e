import ECRClient
import Foundation

/// Push, pull and copy of whole images (a manifest, or an index with one manifest per platform), with
/// several blobs in flight at once. Blobs go first, child manifests next, the tagged manifest last, so a
/// tag never points at an incomplete image.
public enum ImageTransfer {
    /// What a push or copy did to each blob.
    public struct Result: Sendable {
        public var digest: BlobDigest
        public var blobs: [BlobDigest: BlobUploadOutcome]
    }

    public static func push(_ image: LocalImage, to reference: ImageReference, client: RegistryClient, parallelism: Int = 4,
                            progress: TransferProgress? = nil) throws(RegistryError) -> Result {
        if let wanted = reference.digest, wanted != image.tree.root.digest {
            throw RegistryError(.digestMismatch, "\(image.source): the image is \(image.tree.root.digest), not \(wanted)")
        }
        let blobs = image.tree.blobs
        progress?.expect(blobs: blobs.count, bytes: image.tree.totalBlobBytes)
        let outcomes = OutcomeTable()
        try runInParallel(blobs, width: parallelism) { (blob: Descriptor) throws(RegistryError) in
            guard let file = image.blobFiles[blob.digest] else {
                throw RegistryError(.invalidImage, "\(image.source): no bytes for blob \(blob.digest)")
            }
            outcomes.set(blob.digest, try client.uploadBlob(reference.repository, descriptor: blob, from: file, progress: progress))
            progress?.finishBlob()
        }
        try putManifests(image.tree, to: reference, client: client)
        return Result(digest: image.tree.root.digest, blobs: outcomes.values)
    }

    /// Reads the manifest named by `reference` and, for an index, every child manifest.
    public static func fetchTree(_ reference: ImageReference, client: RegistryClient) throws(RegistryError) -> ImageTree {
        let root = try client.manifest(reference.repository, reference: reference.manifestReference)
        let children = try root.manifests.map { (child: Descriptor) throws(RegistryError) in
            let manifest = try client.manifest(reference.repository, reference: child.digest.description, expected: child)
            guard !manifest.isIndex else {
                throw RegistryError(.unsupported, "\(reference): nested index \(child.digest) (one level of index is supported)")
            }
            return manifest
        }
        return ImageTree(root: root, children: children)
    }

    /// Pulls an image into a new OCI image layout at `destination`. Everything is written into a
    /// temporary directory beside it, which becomes `destination` only after every blob's size and
    /// SHA-256 were verified; on any failure nothing is left behind.
    public static func pull(_ reference: ImageReference, client: RegistryClient, into destination: String, parallelism: Int = 4,
                            progress: TransferProgress? = nil) throws(RegistryError) -> ImageTree {
        let target = URL(fileURLWithPath: destination)
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw RegistryError(.localFile, "\(destination) exists; ecrguard pull writes a new image layout and never overwrites")
        }
        let tree = try fetchTree(reference, client: client)
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).ecrguard-\(UUID().uuidString.prefix(8))")
        do { try FileManager.default.createDirectory(at: staging.appendingPathComponent("blobs/sha256"), withIntermediateDirectories: true) } catch {
            throw RegistryError(.localFile, "cannot create \(staging.path): \(error.localizedDescription)")
        }
        var committed = false
        defer { if !committed { try? FileManager.default.removeItem(at: staging) } }
        progress?.expect(blobs: tree.blobs.count, bytes: tree.totalBlobBytes)
        try runInParallel(tree.blobs, width: parallelism) { (blob: Descriptor) throws(RegistryError) in
            let path = OCIImageLayout.blobPath(staging, blob.digest).path
            try client.downloadBlob(reference.repository, descriptor: blob, to: path, progress: progress)
            progress?.finishBlob()
        }
        try OCIImageLayout.writeMetadata(staging, tree: tree, tag: reference.digest == nil ? reference.tag ?? "latest" : nil)
        guard rename(staging.path, target.path) == 0 else {
            throw RegistryError(.localFile, "cannot move the pulled image to \(destination): \(String(cString: strerror(errno)))")
        }
        committed = true
        return tree
    }

    /// Copies an image between repositories, registries, Regions or accounts. On the same registry a blob
    /// is mounted from the source repository (no bytes move) where the registry allows it; otherwise
    /// each blob goes through a verified temporary file in `scratch`, one per blob in flight.
    public static func copy(from source: ImageReference, client sourceClient: RegistryClient, to destination: ImageReference,
                            client destinationClient: RegistryClient, scratch: URL, parallelism: Int = 4,
                            progress: TransferProgress? = nil) throws(RegistryError) -> Result {
        let tree = try fetchTree(source, client: sourceClient)
        if let wanted = destination.digest, wanted != tree.root.digest {
            throw RegistryError(.digestMismatch, "\(source) is \(tree.root.digest), not \(wanted)")
        }
        let sameRegistry = sourceClient.registry == destinationClient.registry
        progress?.expect(blobs: tree.blobs.count, bytes: tree.totalBlobBytes)
        let outcomes = OutcomeTable()
        try runInParallel(tree.blobs, width: parallelism) { (blob: Descriptor) throws(RegistryError) in
            if sameRegistry, source.repository != destination.repository {
                if try destinationClient.blobSize(destination.repository, digest: blob.digest) != nil {
                    outcomes.set(blob.digest, .alreadyPresent)
                    progress?.add(blob.size); progress?.finishBlob()
                    return
                }
                if try destinationClient.tryMount(destination.repository, descriptor: blob, from: source.repository) {
                    outcomes.set(blob.digest, .mounted)
                    progress?.add(blob.size); progress?.finishBlob()
                    return
                }
            } else if try destinationClient.blobSize(destination.repository, digest: blob.digest) != nil {
                outcomes.set(blob.digest, .alreadyPresent)
                progress?.add(blob.size); progress?.finishBlob()
                return
            }
            let file = scratch.appendingPathComponent("\(blob.digest.hex).\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: file) }
            try sourceClient.downloadBlob(source.repository, descriptor: blob, to: file.path)
            outcomes.set(blob.digest, try destinationClient.uploadBlob(destination.repository, descriptor: blob,
                                                                       from: BlobFile(path: file.path, length: blob.size), progress: progress))
            progress?.finishBlob()
        }
        try putManifests(tree, to: destination, client: destinationClient)
        return Result(digest: tree.root.digest, blobs: outcomes.values)
    }

    private static func putManifests(_ tree: ImageTree, to reference: ImageReference, client: RegistryClient) throws(RegistryError) {
        for child in tree.children {
            try client.putManifest(reference.repository, reference: child.digest.description, manifest: child)
        }
        try client.putManifest(reference.repository, reference: reference.tag ?? tree.root.digest.description, manifest: tree.root)
    }

    /// Runs `body` over `items` on up to `width` threads; the first failure stops new work and is thrown.
    static func runInParallel<Item: Sendable>(_ items: [Item], width: Int, _ body: @escaping @Sendable (Item) throws(RegistryError) -> Void) throws(RegistryError) {
        let state = ParallelState(count: items.count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(width, items.count)) {
            group.enter()
            let thread = Thread {
                while let index = state.next() {
                    do throws(RegistryError) { try body(items[index]) } catch { state.fail(error) }
                }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        if let error = state.firstError { throw error }
    }
}

private final class ParallelState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    private(set) var firstError: RegistryError?

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard firstError == nil, nextIndex < count else { return nil }
        nextIndex += 1
        return nextIndex - 1
    }

    func fail(_ error: RegistryError) {
        lock.lock(); defer { lock.unlock() }
        if firstError == nil { firstError = error }
    }
}

private final class OutcomeTable: @unchecked Sendable {
    private let lock = NSLock()
    private var table: [BlobDigest: BlobUploadOutcome] = [:]
    func set(_ digest: BlobDigest, _ outcome: BlobUploadOutcome) { lock.lock(); table[digest] = outcome; lock.unlock() }
    var values: [BlobDigest: BlobUploadOutcome] { lock.lock(); defer { lock.unlock() }; return table }
}
