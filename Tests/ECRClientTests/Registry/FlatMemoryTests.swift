@testable import ECRClient
import Foundation
@testable import Registry
import TestSupport
import XCTest

/// A 1 GiB layer goes up and comes back with memory that does not grow with its size: the bytes stream
/// between the file and libcurl through fixed buffers. The source is a sparse file (no disk blocks, zeros),
/// so the test costs the transfer, not writing the source.
final class FlatMemoryTests: XCTestCase {
    /// Resident memory of this process, from /proc/self/status (kB → bytes).
    static func residentBytes() -> Int64 {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int64(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
        return kilobytes * 1024
    }

    func testOneGibibyteLayerMovesWithFlatMemory() throws {
        let password = "flat-memory-token"
        let registry = try DockerRegistryServer(auth: .htpasswd(password: password))
        defer { registry.stop() }
        let work = try TemporaryDirectory(); defer { work.remove() }
        let size: Int64 = 1 << 30
        let source = work.url.appendingPathComponent("layer")
        XCTAssertTrue(FileManager.default.createFile(atPath: source.path, contents: nil))
        let handle = try FileHandle(forWritingTo: source)
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
        // The digest of 1 GiB of zeros, computed here in 1 MiB pieces (an independent path from the uploader's).
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let reference = SHA256Stream()
        for _ in 0..<(size >> 20) { reference.update(zeros) }
        let descriptor = Descriptor(mediaType: MediaType.ociLayer, digest: BlobDigest(hex: reference.finalizeHex()), size: size)

        let client = try RegistryClient(registry: registry.address, credentials: .basic(username: "AWS", password: password),
                                        options: RegistryClientOptions(plainHTTP: true, chunkSize: 256 << 20))
        let baseline = Self.residentBytes()
        let sampler = PeakSampler()
        sampler.start()
        XCTAssertEqual(try client.uploadBlob("flat/memory", descriptor: descriptor, from: BlobFile(path: source.path, length: size)), .uploaded)
        let downloaded = work.url.appendingPathComponent("downloaded")
        try client.downloadBlob("flat/memory", descriptor: descriptor, to: downloaded.path)
        let peak = sampler.stop()
        let attributes = try FileManager.default.attributesOfItem(atPath: downloaded.path)
        XCTAssertEqual((attributes[.size] as? NSNumber)?.int64Value, size)
        let growth = peak - baseline
        XCTAssertLessThan(growth, 64 << 20, "resident memory grew by \(growth >> 20) MiB while moving 1 GiB")
    }
}

/// Samples VmRSS every 20 ms on its own thread and keeps the highest value.
final class PeakSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak: Int64 = 0
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    func start() {
        Thread {
            while self.isRunning {
                let now = FlatMemoryTests.residentBytes()
                self.lock.lock(); self.peak = max(self.peak, now); self.lock.unlock()
                Thread.sleep(forTimeInterval: 0.02)
            }
            self.done.signal()
        }.start()
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    func stop() -> Int64 {
        lock.lock(); running = false; lock.unlock()
        done.wait()
        return max(peak, FlatMemoryTests.residentBytes())
    }
}
