import ECRClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blob inside a local file: a whole file of an OCI layout, or an entry of a `docker save` archive.
public struct BlobFile: Sendable, Equatable {
    public var path: String
    public var offset: Int64
    public var length: Int64

    public init(path: String, offset: Int64 = 0, length: Int64) {
        self.path = path
        self.offset = offset
        self.length = length
    }
}

/// Counts bytes moved for the progress display; shared by every transfer of one command.
public final class TransferProgress: @unchecked Sendable {
    private let lock = NSLock()
    public private(set) var doneBytes: Int64 = 0
    public private(set) var totalBytes: Int64 = 0
    public private(set) var doneBlobs = 0
    public private(set) var totalBlobs = 0
    private let onChange: (@Sendable (TransferProgress) -> Void)?

    public init(onChange: (@Sendable (TransferProgress) -> Void)? = nil) { self.onChange = onChange }

    public func expect(blobs: Int, bytes: Int64) {
        lock.lock(); totalBlobs += blobs; totalBytes += bytes; lock.unlock()
        onChange?(self)
    }

    public func add(_ bytes: Int64) {
        lock.lock(); doneBytes += bytes; lock.unlock()
        onChange?(self)
    }

    public func finishBlob() {
        lock.lock(); doneBlobs += 1; lock.unlock()
        onChange?(self)
    }
}

/// Reads `[offset, offset+length)` of a `BlobFile` for an upload, with `pread` into libcurl's buffer.
/// Bytes at or beyond `hashed.position` are fed to the blob's running SHA-256, so that a chunk re-sent after
/// a resume is not hashed twice.
final class FileRangeBody: UploadBody {
    let length: Int64
    private let descriptor: Int32
    private var position: Int64
    private let hashed: RunningHash?
    private let progress: TransferProgress?

    /// `start` is relative to the blob (0 = its first byte).
    init(descriptor: Int32, blob: BlobFile, start: Int64, length: Int64, hashed: RunningHash?, progress: TransferProgress?) {
        self.descriptor = descriptor
        self.length = length
        position = start
        self.hashed = hashed
        self.progress = progress
        base = blob.offset
        end = start + length
    }

    private let base: Int64
    private let end: Int64

    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
        let wanted = Int(min(Int64(buffer.count), end - position))
        guard wanted > 0, let address = buffer.baseAddress else { return 0 }
        let count = pread(descriptor, address, wanted, off_t(base + position))
        guard count > 0 else { return nil }
        if let hashed { hashed.feed(UnsafeRawBufferPointer(start: address, count: count), at: position) }
        position += Int64(count)
        progress?.add(Int64(count))
        return count
    }
}

/// SHA-256 of a blob computed while it is sent, possibly in several passes after resumes: each byte is
/// hashed once, in order.
final class RunningHash {
    let stream = SHA256Stream()
    private(set) var position: Int64 = 0

    func feed(_ bytes: UnsafeRawBufferPointer, at offset: Int64) {
        let end = offset + Int64(bytes.count)
        guard end > position, offset <= position else { return }
        let skip = Int(position - offset)
        stream.update(UnsafeRawBufferPointer(rebasing: bytes[skip...]))
        position = end
    }

    /// Hashes whatever of `[position, upTo)` has not been hashed yet, reading the file (after a resume the
    /// registry may hold bytes beyond what this process has sent and hashed).
    func catchUp(descriptor: Int32, blob: BlobFile, upTo: Int64) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while position < upTo {
            let wanted = Int(min(Int64(buffer.count), upTo - position))
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(blob.offset + position)) }
            guard count > 0 else { return false }
            buffer.withUnsafeBytes { stream.update(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            position += Int64(count)
        }
        return true
    }
}

/// Writes a downloaded blob to a file descriptor while hashing it; refuses bytes beyond the expected size.
final class HashingFileSink: DownloadSink {
    private let descriptor: Int32
    private let limit: Int64
    let hash = SHA256Stream()
    private(set) var written: Int64 = 0
    private(set) var overflow = false
    private let progress: TransferProgress?

    init(descriptor: Int32, limit: Int64, progress: TransferProgress?) {
        self.descriptor = descriptor
        self.limit = limit
        self.progress = progress
    }

    func write(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard written + Int64(bytes.count) <= limit else { overflow = true; return false }
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            guard count > 0 else { return false }
            offset += count
        }
        hash.update(bytes)
        written += Int64(bytes.count)
        progress?.add(Int64(bytes.count))
        return true
    }

    /// Starts again from byte 0 (the registry ignored a Range request).
    func restart() -> Bool {
        progress?.add(-written)
        written = 0
        _ = hash.finalizeHex()
        return ftruncate(descriptor, 0) == 0 && lseek(descriptor, 0, SEEK_SET) == 0
    }
}

/// Opens a file for reading or fails with the path in the message.
func openForReading(_ path: String) throws(RegistryError) -> Int32 {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw RegistryError(.localFile, "cannot read \(path): \(String(cString: strerror(errno)))") }
    return descriptor
}
