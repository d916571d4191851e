import Foundation

/// Where a writer puts a report's bytes: kept in memory (`render` returns them), or written to an
/// open file through a fixed-size buffer, so a report of tens of megabytes is never held whole and
/// the file is written in a few hundred large `write` calls.
///
/// A failed write is kept and reported by `finish()`; appends after it are dropped.
final class ReportOutput {
    static let bufferSize = 256 * 1024

    // The bytes not yet written, in memory this class owns: an append is a bounds check and a copy
    // (millions of small appends make a large report; `Array.append(contentsOf:)` cost three times
    // as much). Not checked for overlapping access at run time: one writer appends at a time.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    private let descriptor: Int32?
    private var failure: Int32?

    /// Bytes kept in memory.
    init() {
        descriptor = nil
        capacity = 4096
        buffer = .allocate(capacity: capacity)
    }

    /// Bytes written to `descriptor` (left open) whenever the buffer fills, and by `finish()`.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        capacity = Self.bufferSize
        buffer = .allocate(capacity: capacity)
    }

    deinit { buffer.deallocate() }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count <= Self.shortLength, count + Self.shortLength <= capacity {
            return appendShort(UnsafeRawPointer(base), bytes.count)
        }
        if let descriptor, bytes.count >= Self.bufferSize {
            // Large pieces go straight to the file, after what is already buffered.
            flush()
            return write(bytes, to: descriptor)
        }
        if count + bytes.count > capacity { makeRoom(for: bytes.count) }
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// Raw bytes (a value's own, such as an inline tuple of words).
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        if bytes.count <= Self.shortLength, count + Self.shortLength <= capacity {
            return appendShort(base, bytes.count)
        }
        // Near the buffer's end, or long: byte by byte.
        for byte in bytes { append(byte) }
    }

    /// Pieces up to this long are copied by `appendShort`.
    private static let shortLength = 32

    /// 1 to 32 bytes, with room for 32: copied as words from both ends, which may overlap (most
    /// pieces of a report are names, tags and short values; a `memcpy` call for each cost more
    /// than the copy).
    @inline(__always)
    private func appendShort(_ from: UnsafeRawPointer, _ length: Int) {
        let to = UnsafeMutableRawPointer(buffer + count)
        if length >= 16 {
            let a = from.loadUnaligned(as: UInt64.self), b = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            let c = from.loadUnaligned(fromByteOffset: length - 16, as: UInt64.self), d = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            to.storeBytes(of: a, as: UInt64.self)
            to.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
            to.storeBytes(of: c, toByteOffset: length - 16, as: UInt64.self)
            to.storeBytes(of: d, toByteOffset: length - 8, as: UInt64.self)
        } else if length >= 8 {
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: length - 8, as: UInt64.self)
        } else if length >= 4 {
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: length - 4, as: UInt32.self)
        } else {
            for index in 0..<length { to.storeBytes(of: from.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index, as: UInt8.self) }
        }
        count += length
    }

    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    func append(_ data: Data) {
        data.withUnsafeBytes { append($0.bindMemory(to: UInt8.self)) }
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    func append(_ byte: UInt8) {
        if count == capacity { makeRoom(for: 1) }
        buffer[count] = byte
        count += 1
    }

    /// `count` copies of `byte` (indentation).
    func append(repeating byte: UInt8, count repeats: Int) {
        guard repeats > 0 else { return }
        if count + repeats > capacity {
            // More than a buffer's worth goes out in buffer-sized pieces.
            guard repeats <= Self.bufferSize else {
                for _ in 0..<repeats { append(byte) }
                return
            }
            makeRoom(for: repeats)
        }
        (buffer + count).initialize(repeating: byte, count: repeats)
        count += repeats
    }

    /// Writes out what is buffered (to a file; `needed` is then less than the buffer), or grows the
    /// buffer (in memory), so that `needed` more bytes fit.
    private func makeRoom(for needed: Int) {
        if descriptor != nil {
            flush()
            return
        }
        var grown = capacity * 2
        while grown < count + needed { grown *= 2 }
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: buffer, count: count)
        buffer.deallocate()
        buffer = larger
        capacity = grown
    }

    /// The bytes kept in memory (an output made with `init()`).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: buffer, count: count)) }

    /// Writes what is buffered; throws the first write error.
    func finish() throws(ReportOutputError) {
        flush()
        if let failure { throw ReportOutputError(code: failure) }
    }

    private func flush() {
        guard let descriptor, count > 0 else { return }
        write(UnsafeBufferPointer(start: buffer, count: count), to: descriptor)
        count = 0
    }

    private func write(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) {
        guard failure == nil, var base = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = Foundation.write(descriptor, base, left)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            base += written
            left -= written
        }
    }
}

/// A report's bytes could not be written to its file.
struct ReportOutputError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
