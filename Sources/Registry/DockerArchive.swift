import ECRClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `docker save` archive (a tar with `manifest.json`, the config and one tar per layer), read in place:
/// entries are located by offset and streamed from the archive, never extracted. The image is pushed as
/// an OCI manifest; each layer keeps its bytes (an uncompressed tar unless the archive holds gzip or zstd).
public enum DockerArchive {
    struct Entry { var offset: Int64; var size: Int64 }

    private struct ManifestEntry: Decodable {
        var Config: String
        var RepoTags: [String]?
        var Layers: [String]
    }

    /// Reads `ARCHIVE` or `ARCHIVE:REPO:TAG` (one of the archive's RepoTags).
    public static func read(_ argument: String) throws(RegistryError) -> LocalImage {
        var path = argument
        var wantedTag: String?
        if !FileManager.default.fileExists(atPath: argument), let colon = argument.firstIndex(of: ":") {
            path = String(argument[..<colon])
            wantedTag = String(argument[argument.index(after: colon)...])
        }
        let entries = try listEntries(path)
        guard let manifestEntry = entries["manifest.json"], let manifestData = try readEntry(path, manifestEntry, limit: 4 << 20) else {
            throw RegistryError(.invalidImage, "\(path): not a docker save archive (no manifest.json)")
        }
        let images: [ManifestEntry]
        do { images = try JSONDecoder().decode([ManifestEntry].self, from: manifestData) } catch {
            throw RegistryError(.invalidImage, "\(path): manifest.json is not readable: \(error)")
        }
        let candidates = wantedTag.map { tag in images.filter { ($0.RepoTags ?? []).contains(tag) } } ?? images
        guard candidates.count == 1, let image = candidates.first else {
            let tags = images.flatMap { $0.RepoTags ?? [] }.joined(separator: ", ")
            throw RegistryError(.invalidImage, "\(path): \(images.count) images; name one as \(path):REPO:TAG (tags: \(tags.isEmpty ? "none" : tags))")
        }
        func blob(_ name: String, mediaType: (Data) -> String) throws(RegistryError) -> (Descriptor, BlobFile) {
            guard let entry = entries[normalize(name)] else { throw RegistryError(.invalidImage, "\(path): \(name) is missing from the archive") }
            let file = BlobFile(path: path, offset: entry.offset, length: entry.size)
            let head = try readRange(path, offset: entry.offset, length: min(entry.size, 4))
            let digest = try hash(file)
            return (Descriptor(mediaType: mediaType(head), digest: digest, size: entry.size), file)
        }
        let (config, configFile) = try blob(image.Config) { _ in MediaType.ociConfig }
        var files = [config.digest: configFile]
        var layers: [Descriptor] = []
        for name in image.Layers {
            let (layer, file) = try blob(name) { head in
                if head.starts(with: [0x1f, 0x8b]) { return MediaType.ociLayerGzip }
                if head.starts(with: [0x28, 0xb5, 0x2f, 0xfd]) { return MediaType.ociLayerZstd }
                return MediaType.ociLayer
            }
            layers.append(layer)
            files[layer.digest] = file
        }
        let manifest = try buildManifest(config: config, layers: layers, source: path)
        return LocalImage(tree: ImageTree(root: manifest, children: []), blobFiles: files, source: path)
    }

    /// The OCI image manifest for a config and layers, with a fixed member order so the same archive always
    /// gives the same digest.
    static func buildManifest(config: Descriptor, layers: [Descriptor], source: String) throws(RegistryError) -> ImageManifest {
        func descriptor(_ d: Descriptor) -> String {
            #"{"mediaType":"\#(d.mediaType)","digest":"\#(d.digest)","size":\#(d.size)}"#
        }
        let text = #"{"schemaVersion":2,"mediaType":"\#(MediaType.ociManifest)","config":\#(descriptor(config)),"layers":[\#(layers.map(descriptor).joined(separator: ","))]}"#
        return try ImageManifest(bytes: Data(text.utf8), declaredType: MediaType.ociManifest, source: source)
    }

    private static func normalize(_ name: String) -> String {
        var name = name
        while name.hasPrefix("./") { name.removeFirst(2) }
        return name
    }

    /// Every regular file of a tar: name → where its bytes are. Reads only the 512-byte headers
    /// (ustar prefix, GNU long names and PAX `path` records included).
    static func listEntries(_ path: String) throws(RegistryError) -> [String: Entry] {
        let fd = try openForReading(path)
        defer { close(fd) }
        var entries: [String: Entry] = [:]
        var offset: Int64 = 0
        var pendingName: String?
        var header = [UInt8](repeating: 0, count: 512)
        while true {
            let count = header.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 512, off_t(offset)) }
            guard count == 512 else {
                if count == 0 && !entries.isEmpty { break }
                throw RegistryError(.invalidImage, "\(path): truncated tar archive at byte \(offset)")
            }
            if header.allSatisfy({ $0 == 0 }) { break }
            guard let size = tarNumber(header[124..<136]) else { throw RegistryError(.invalidImage, "\(path): unreadable tar header at byte \(offset)") }
            let type = header[156]
            let dataOffset = offset + 512
            func text(_ range: Range<Int>) -> String {
                let bytes = header[range].prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            switch type {
            case UInt8(ascii: "L"):
                let data = try readRange(path, offset: dataOffset, length: size)
                pendingName = String(decoding: data.prefix { $0 != 0 }, as: UTF8.self)
            case UInt8(ascii: "x"):
                let data = try readRange(path, offset: dataOffset, length: size)
                for record in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    if let space = record.firstIndex(of: " "), record[record.index(after: space)...].hasPrefix("path=") {
                        pendingName = String(record[record.index(after: space)...].dropFirst(5))
                    }
                }
            case UInt8(ascii: "0"), 0:
                var name = text(0..<100)
                let prefix = text(345..<500)
                if header[257..<262].elementsEqual("ustar".utf8), !prefix.isEmpty { name = prefix + "/" + name }
                entries[normalize(pendingName ?? name)] = Entry(offset: dataOffset, size: size)
                pendingName = nil
            default:
                pendingName = nil
            }
            offset = dataOffset + (size + 511) / 512 * 512
        }
        return entries
    }

    /// A tar numeric field: octal text, or base-256 when the high bit of the first byte is set.
    static func tarNumber(_ field: ArraySlice<UInt8>) -> Int64? {
        if let first = field.first, first & 0x80 != 0 {
            var value: Int64 = Int64(first & 0x7f)
            for byte in field.dropFirst() { value = value << 8 | Int64(byte) }
            return value
        }
        let digits = field.prefix { $0 != 0 && $0 != 0x20 }.drop { $0 == 0x20 }
        if digits.isEmpty { return 0 }
        return Int64(String(decoding: digits, as: UTF8.self), radix: 8)
    }

    static func readRange(_ path: String, offset: Int64, length: Int64) throws(RegistryError) -> Data {
        let fd = try openForReading(path)
        defer { close(fd) }
        var data = Data(count: Int(length))
        let count = data.withUnsafeMutableBytes { pread(fd, $0.baseAddress, Int(length), off_t(offset)) }
        guard count == Int(length) else { throw RegistryError(.invalidImage, "\(path): truncated archive") }
        return data
    }

    private static func readEntry(_ path: String, _ entry: Entry, limit: Int64) throws(RegistryError) -> Data? {
        guard entry.size <= limit else { return nil }
        return try readRange(path, offset: entry.offset, length: entry.size)
    }

    /// SHA-256 of a blob inside a file, read in 1 MiB pieces.
    static func hash(_ file: BlobFile) throws(RegistryError) -> BlobDigest {
        let fd = try openForReading(file.path)
        defer { close(fd) }
        let hashed = RunningHash()
        guard hashed.catchUp(descriptor: fd, blob: file, upTo: file.length) else { throw RegistryError(.localFile, "cannot read \(file.path)") }
        return BlobDigest(hex: hashed.stream.finalizeHex())
    }
}
