import Foundation

/// Where a writer puts a report's bytes: kept in memory (`render` returns them), or written to an
/// open file through a fixed-size buffer, so a report of tens of megabytes is never held whole and
/// the file is written in a few hundred large `write` calls.
///
/// A failed write is kept and reported by `finish()`; appends after it are dropped.
final class ReportOutput {
    static let bufferSize = 256 * 1024

    // Not checked for overlapping access at run time: one writer appends at a time, and nothing
    // here calls out while it is being changed.
    @exclusivity(unchecked) private var pending: [UInt8] = []
    private let descriptor: Int32?
    private var failure: Int32?

    /// Bytes kept in memory.
    init() {
        descriptor = nil
    }

    /// Bytes written to `descriptor` (left open) whenever the buffer fills, and by `finish()`.
    init(descriptor: Int32) {
        self.descriptor = descriptor
        pending.reserveCapacity(Self.bufferSize)
    }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let descriptor, bytes.count >= Self.bufferSize else {
            pending.append(contentsOf: bytes)
            if descriptor != nil, pending.count >= Self.bufferSize { flush() }
            return
        }
        // Large pieces go straight to the file, after what is already buffered.
        flush()
        write(bytes, to: descriptor)
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
        pending.append(byte)
        if descriptor != nil, pending.count >= Self.bufferSize { flush() }
    }

    /// The bytes kept in memory (an output made with `init()`).
    var bytes: [UInt8] { pending }

    /// Writes what is buffered; throws the first write error.
    func finish() throws(ReportOutputError) {
        flush()
        if let failure { throw ReportOutputError(code: failure) }
    }

    private func flush() {
        guard let descriptor, !pending.isEmpty else { return }
        pending.withUnsafeBufferPointer { write($0, to: descriptor) }
        pending.removeAll(keepingCapacity: true)
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
