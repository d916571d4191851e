import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes of a batch file. A regular file is mapped read-only, so that the pages of cases
/// already answered can be given back as the batch streams (`release(upTo:)`; a page touched again
/// is read again from the file): memory stays flat however many cases the file holds. Standard
/// input is read whole.
final class BatchInput {
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?
    private let owned: UnsafeMutableBufferPointer<UInt8>?
    private var released = 0
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw CLIFailure.runtime("\(path): cannot read the batch file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw CLIFailure.runtime("\(path): cannot read the batch file (not a regular file)")
        }
        let length = Int(info.st_size)
        owned = nil
        guard length > 0 else {
            mapping = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw CLIFailure.runtime("\(path): cannot read the batch file (\(String(cString: strerror(errno))))")
        }
        mapping = base
        bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: length)
    }

    init(standardInput data: Data) {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, data.count))
        _ = buffer.initialize(from: data)
        owned = buffer
        mapping = nil
        bytes = UnsafeBufferPointer(rebasing: buffer[0..<data.count])
    }

    /// Gives back the mapped pages wholly before `offset`, a megabyte at a time.
    func release(upTo offset: Int) {
        guard let mapping else { return }
        let end = offset / Self.pageSize * Self.pageSize
        guard end - released >= 1 << 20 else { return }
        _ = madvise(mapping + released, end - released, MADV_DONTNEED)
        released = end
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
        owned?.deallocate()
    }
}
