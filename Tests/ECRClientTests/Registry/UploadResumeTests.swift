@testable import ECRClient
import Foundation
@testable import Registry
import TestSupport
import XCTest

/// A chunked upload interrupted in three ways asks the registry where it stands (GET on the upload URL),
/// resumes there when the registry allows it, or starts a new session when the registry has invalidated
/// the old one (distribution 2.8 does when a chunk it received was not acknowledged), and commits a blob
/// identical to the source.
final class UploadResumeTests: XCTestCase {
    enum Fault { case loseResponse, dropBeforeSending, cutBodyInHalf }

    /// Forwards to libcurl, and spoils the second PATCH of the test once.
    final class FaultyTransport: StreamingHTTPTransport, @unchecked Sendable {
        let inner: CurlStreamingTransport
        let state: State
        final class State: @unchecked Sendable {
            let fault: Fault
            let lock = NSLock()
            var patches = 0
            var sessions = 0
            var statusChecks = 0
            var injected = 0
            init(fault: Fault) { self.fault = fault }
        }

        init(state: State) throws {
            self.state = state
            inner = try CurlStreamingTransport(options: TransportOptions(connectTimeout: 5, totalTimeout: 30))
        }

        func send(_ request: HTTPRequest, upload: (any UploadBody)?, download: (any DownloadSink)?) throws(TransportError) -> HTTPResponse {
            state.lock.lock()
            if request.method == "PATCH" { state.patches += 1 }
            if request.method == "POST" { state.sessions += 1 }
            if request.method == "GET" && request.path.contains("/blobs/uploads/") { state.statusChecks += 1 }
            let spoil = request.method == "PATCH" && state.patches == 2 && state.injected == 0
            if spoil { state.injected += 1 }
            state.lock.unlock()
            guard spoil else { return try inner.send(request, upload: upload, download: download) }
            let lost = TransportError(kind: .connectionFailed, message: "injected fault", url: request.urlString)
            switch state.fault {
            case .dropBeforeSending:
                throw lost
            case .loseResponse:
                _ = try inner.send(request, upload: upload, download: download)
                throw lost
            case .cutBodyInHalf:
                guard let upload else { throw lost }
                _ = try? inner.send(request, upload: HalfBody(upload), download: download)
                throw lost
            }
        }
    }

    /// Announces the whole length, delivers half, then fails: libcurl aborts the request mid-body.
    final class HalfBody: UploadBody {
        let inner: any UploadBody
        var delivered: Int64 = 0
        init(_ inner: any UploadBody) { self.inner = inner }
        var length: Int64 { inner.length }
        func read(into buffer: UnsafeMutableRawBufferPointer) -> Int? {
            guard delivered < length / 2 else { return nil }
            let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[..<min(buffer.count, Int(length / 2 - delivered))])
            let count = inner.read(into: slice)
            delivered += Int64(count ?? 0)
            return count
        }
    }

    func resume(after fault: Fault, expectedSessions: Int) throws {
        let password = "resume-test-token"
        let registry = try DockerRegistryServer(auth: .htpasswd(password: password))
        defer { registry.stop() }
        let work = try TemporaryDirectory(); defer { work.remove() }
        var generator = SplitMix64(seed: 99)
        let bytes = Data((0..<(3 * 1024 * 1024 + 12345)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        let file = work.url.appendingPathComponent("blob")
        try bytes.write(to: file)
        let descriptor = Descriptor(mediaType: MediaType.ociLayer, digest: BlobDigest.of(bytes), size: Int64(bytes.count))
        let state = FaultyTransport.State(fault: fault)
        let options = RegistryClientOptions(plainHTTP: true, chunkSize: 1024 * 1024, retry: RetryPolicy(maxAttempts: 3, jitter: { 0 }), sleep: { _ in })
        let client = try RegistryClient(registry: registry.address, credentials: .basic(username: "AWS", password: password), options: options,
                                        makeTransport: { try FaultyTransport(state: state) })
        let outcome = try client.uploadBlob("resume/test", descriptor: descriptor, from: BlobFile(path: file.path, length: descriptor.size))
        XCTAssertEqual(outcome, .uploaded)
        XCTAssertEqual(state.injected, 1)
        // After a chunk cut in half the registry may still be writing its part when the status is asked:
        // the next chunk then finds the session dropped (404) and the status is asked once more.
        XCTAssertGreaterThanOrEqual(state.statusChecks, 1, "the upload asked the registry where to resume")
        if fault != .cutBodyInHalf { XCTAssertEqual(state.statusChecks, 1) }
        XCTAssertEqual(state.sessions, expectedSessions)
        // The committed blob is the source, byte for byte (read back through a clean client).
        let clean = try RegistryClient(registry: registry.address, credentials: .basic(username: "AWS", password: password),
                                       options: RegistryClientOptions(plainHTTP: true))
        let copy = work.url.appendingPathComponent("copy")
        try clean.downloadBlob("resume/test", descriptor: descriptor, to: copy.path)
        XCTAssertEqual(try Data(contentsOf: copy), bytes)
        XCTAssertEqual(try Data(contentsOf: registry.blobDataPath(descriptor.digest.hex)), bytes)
    }

    /// The registry still knows the session at the acknowledged offset: the upload goes on in it.
    func testResumesInTheSameSessionAfterAChunkIsDroppedBeforeSending() throws { try resume(after: .dropBeforeSending, expectedSessions: 1) }
    /// The registry took the chunk but the answer was lost: distribution rejects the stale session, a new one is opened.
    func testRecoversWhenTheResponseToAChunkIsLost() throws { try resume(after: .loseResponse, expectedSessions: 2) }
    func testRecoversWhenAChunkIsCutInHalf() throws { try resume(after: .cutBodyInHalf, expectedSessions: 2) }
}
