import ECRClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a blob reached the destination.
public enum BlobUploadOutcome: String, Sendable {
    case alreadyPresent = "already present"
    case mounted
    case uploaded
}

extension RegistryClient {
    /// Pushes one blob from a local file unless the registry has it (HEAD). With `mountFrom`, asks the
    /// registry to link it from that repository first (no bytes move when it can). Blobs up to
    /// `chunkSize` go in one PUT; larger ones in PATCH chunks, and after an interruption the upload
    /// resumes from the offset the registry reports. The SHA-256 of the bytes read must equal the
    /// descriptor's digest before the upload is committed (chunked) or the commit is refused by the
    /// registry (monolithic: the digest travels with the bytes).
    public func uploadBlob(_ repository: String, descriptor: Descriptor, from blob: BlobFile, mountFrom: String? = nil,
                           progress: TransferProgress? = nil) throws(RegistryError) -> BlobUploadOutcome {
        guard blob.length == descriptor.size else {
            throw RegistryError(.sizeMismatch, "\(blob.path): blob \(descriptor.digest) has \(blob.length) bytes, its descriptor says \(descriptor.size)")
        }
        if let size = try blobSize(repository, digest: descriptor.digest) {
            if size >= 0 && size != descriptor.size {
                throw RegistryError(.sizeMismatch, "\(registry)/\(repository) holds \(descriptor.digest) with \(size) bytes, not \(descriptor.size)")
            }
            progress?.add(descriptor.size)
            return .alreadyPresent
        }
        var scopes = [Self.pushScope(repository)]
        var query = ""
        if let mountFrom, mountFrom != repository {
            scopes.append(Self.pullScope(mountFrom))
            query = "?mount=\(descriptor.digest)&from=\(URIEncoding.encode(mountFrom, keepSlash: true))"
        }
        let start = try url("/v2/\(repository)/blobs/uploads/\(query)")
        let response = try sendRetrying("POST", start, headers: [HTTPHeader("Content-Length", "0")], scopes: scopes)
        if response.status == 201 {
            progress?.add(descriptor.size)
            return .mounted
        }
        guard response.status == 202, let location = response.header("Location") else {
            throw RegistryError.unexpected(response, doing: "start upload of \(descriptor.digest) to \(registry)/\(repository)")
        }
        let descriptorFD = try openForReading(blob.path)
        defer { close(descriptorFD) }
        if descriptor.size <= options.chunkSize {
            try monolithicUpload(repository, descriptor: descriptor, blob: blob, fd: descriptorFD, location: location, progress: progress)
        } else {
            try chunkedUpload(repository, descriptor: descriptor, blob: blob, fd: descriptorFD, location: location, progress: progress)
        }
        return .uploaded
    }

    /// Asks the registry to link a blob from another repository of the same registry (cross-repository
    /// mount). True when it did (201); false when it opened an ordinary upload instead (202: not allowed,
    /// or the blob is unknown there), which is then abandoned.
    public func tryMount(_ repository: String, descriptor: Descriptor, from source: String) throws(RegistryError) -> Bool {
        let query = "?mount=\(descriptor.digest)&from=\(URIEncoding.encode(source, keepSlash: true))"
        let response = try sendRetrying("POST", try url("/v2/\(repository)/blobs/uploads/\(query)"), headers: [HTTPHeader("Content-Length", "0")],
                                        scopes: [Self.pushScope(repository), Self.pullScope(source)])
        switch response.status {
        case 201: return true
        case 202:
            if let location = response.header("Location") {
                _ = try? send("DELETE", try url(location), scopes: [Self.pushScope(repository)])
            }
            return false
        default: throw RegistryError.unexpected(response, doing: "mount \(descriptor.digest) from \(source) into \(registry)/\(repository)")
        }
    }

    private func committingURL(_ location: String, digest: BlobDigest) throws(RegistryError) -> URL {
        let separator = location.contains("?") ? "&" : "?"
        return try url(location + separator + "digest=" + URIEncoding.encode(digest.description))
    }

    private func monolithicUpload(_ repository: String, descriptor: Descriptor, blob: BlobFile, fd: Int32, location: String,
                                  progress: TransferProgress?) throws(RegistryError) {
        var location = location
        var attempt = 1
        while true {
            let hashed = RunningHash()
            var failure: RegistryError
            do {
                let response = try send("PUT", try committingURL(location, digest: descriptor.digest),
                                        headers: [HTTPHeader("Content-Type", "application/octet-stream")],
                                        scopes: [Self.pushScope(repository)], upload: { () throws(RegistryError) in
                    FileRangeBody(descriptor: fd, blob: blob, start: 0, length: blob.length, hashed: hashed, progress: nil)
                })
                try Self.checkLocalDigest(hashed, descriptor: descriptor, blob: blob)
                if response.status == 201 {
                    progress?.add(descriptor.size)
                    return
                }
                failure = RegistryError.unexpected(response, doing: "upload of \(descriptor.digest) to \(registry)/\(repository)")
            } catch {
                failure = error
            }
            guard failure.retryable, attempt < options.retry.maxAttempts else { throw failure }
            options.sleep(options.retry.delay(beforeRetry: attempt))
            attempt += 1
            // A failed PUT may have consumed the upload session: start a new one.
            let response = try sendRetrying("POST", try url("/v2/\(repository)/blobs/uploads/"), headers: [HTTPHeader("Content-Length", "0")],
                                            scopes: [Self.pushScope(repository)])
            guard response.status == 202, let next = response.header("Location") else {
                throw RegistryError.unexpected(response, doing: "restart upload of \(descriptor.digest)")
            }
            location = next
        }
    }

    static func checkLocalDigest(_ hashed: RunningHash, descriptor: Descriptor, blob: BlobFile) throws(RegistryError) {
        let actual = hashed.stream.finalizeHex()
        guard actual == descriptor.digest.hex else {
            throw RegistryError(.digestMismatch, "\(blob.path): the local blob \(descriptor.digest) has digest sha256:\(actual); it is corrupt and was not pushed")
        }
    }

    private func chunkedUpload(_ repository: String, descriptor: Descriptor, blob: BlobFile, fd: Int32, location: String,
                               progress: TransferProgress?) throws(RegistryError) {
        var location = location
        var offset: Int64 = 0
        let hashed = RunningHash()
        var failures = 0
        let scopes = [Self.pushScope(repository)]
        while offset < descriptor.size {
            let length = min(options.chunkSize, descriptor.size - offset)
            let chunkStart = offset
            var failure: RegistryError?
            do {
                let response = try send("PATCH", try url(location), headers: [
                    HTTPHeader("Content-Type", "application/octet-stream"),
                    HTTPHeader("Content-Range", "\(chunkStart)-\(chunkStart + length - 1)"),
                ], scopes: scopes, upload: { () throws(RegistryError) in
                    FileRangeBody(descriptor: fd, blob: blob, start: chunkStart, length: length, hashed: hashed, progress: nil)
                })
                if response.status == 202, let next = response.header("Location") {
                    location = next
                    let confirmed = Self.uploadedLength(response) ?? (chunkStart + length)
                    progress?.add(confirmed - offset)
                    offset = confirmed
                    continue
                }
                failure = RegistryError.unexpected(response, doing: "upload chunk \(chunkStart) of \(descriptor.digest)")
            } catch {
                failure = error
            }
            failures += 1
            // 416 (the registry holds a different amount) and 404 (it dropped the session, e.g. after
            // taking part of an interrupted chunk) are answered by asking where the upload stands.
            guard let failure, failure.retryable || failure.status == 416 || failure.status == 404, failures < options.retry.maxAttempts else {
                throw failure ?? RegistryError(.protocolError, "upload of \(descriptor.digest) failed")
            }
            options.sleep(options.retry.delay(beforeRetry: failures))
            // Resume: ask the registry how much of the upload it holds, and go on from there.
            let status = try sendRetrying("GET", try url(location), scopes: scopes)
            if status.status == 204 || status.status == 202 {
                if let next = status.header("Location") { location = next }
                let held = Self.uploadedLength(status, previous: offset) ?? 0
                progress?.add(held - offset)
                offset = held
                continue
            }
            guard status.status == 404 else { throw RegistryError.unexpected(status, doing: "resume upload of \(descriptor.digest)") }
            // The session cannot be resumed (distribution invalidates its upload state when a chunk it
            // received was not acknowledged): start a new session and send again from byte 0. Bytes
            // already hashed are not hashed twice.
            let restart = try sendRetrying("POST", try url("/v2/\(repository)/blobs/uploads/"), headers: [HTTPHeader("Content-Length", "0")], scopes: scopes)
            guard restart.status == 202, let next = restart.header("Location") else {
                throw RegistryError.unexpected(restart, doing: "restart upload of \(descriptor.digest)")
            }
            location = next
            progress?.add(-offset)
            offset = 0
        }
        guard hashed.catchUp(descriptor: fd, blob: blob, upTo: descriptor.size) else {
            throw RegistryError(.localFile, "cannot read \(blob.path)")
        }
        do {
            try Self.checkLocalDigest(hashed, descriptor: descriptor, blob: blob)
        } catch {
            _ = try? send("DELETE", try url(location), scopes: scopes)
            throw error
        }
        let response = try send("PUT", try committingURL(location, digest: descriptor.digest), headers: [HTTPHeader("Content-Length", "0")], scopes: scopes)
        guard response.status == 201 else {
            throw RegistryError.unexpected(response, doing: "commit upload of \(descriptor.digest) to \(registry)/\(repository)")
        }
    }

    /// The bytes an upload holds, from `Range: 0-<last byte>`. The registry writes `0-0` both for nothing
    /// and for one byte; `previous` (what this client knows was accepted) decides.
    static func uploadedLength(_ response: HTTPResponse, previous: Int64 = 0) -> Int64? {
        guard let range = response.header("Range"), let dash = range.lastIndex(of: "-"),
              let last = Int64(range[range.index(after: dash)...].trimmingCharacters(in: .whitespaces)) else { return nil }
        if last == 0 && previous == 0 { return 0 }
        return last + 1
    }

    /// Downloads a blob into `path` (created or truncated), hashing as it writes; after a dropped connection
    /// it resumes with a Range request. Fails unless the size and the SHA-256 are the descriptor's.
    /// Redirects (ECR sends blob downloads to S3) are followed without the registry's credentials.
    public func downloadBlob(_ repository: String, descriptor: Descriptor, to path: String, progress: TransferProgress? = nil) throws(RegistryError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RegistryError(.localFile, "cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let sink = HashingFileSink(descriptor: fd, limit: descriptor.size, progress: progress)
        var attempt = 1
        let blobURL = try url("/v2/\(repository)/blobs/\(descriptor.digest)")
        while true {
            do {
                try downloadAttempt(repository, blobURL: blobURL, descriptor: descriptor, sink: sink)
                break
            } catch where error.retryable && attempt < options.retry.maxAttempts && !sink.overflow {
                options.sleep(options.retry.delay(beforeRetry: attempt))
                attempt += 1
            }
        }
        guard sink.written == descriptor.size else {
            throw RegistryError(.sizeMismatch, "\(registry)/\(repository)@\(descriptor.digest): received \(sink.written) bytes, expected \(descriptor.size)")
        }
        let actual = sink.hash.finalizeHex()
        guard actual == descriptor.digest.hex else {
            throw RegistryError(.digestMismatch, "\(registry)/\(repository): blob \(descriptor.digest) arrived with digest sha256:\(actual); it was discarded")
        }
    }

    private func downloadAttempt(_ repository: String, blobURL: URL, descriptor: Descriptor, sink: HashingFileSink) throws(RegistryError) {
        var headers: [HTTPHeader] = []
        let resumeFrom = sink.written
        if resumeFrom > 0 { headers.append(HTTPHeader("Range", "bytes=\(resumeFrom)-")) }
        var response = try send("GET", blobURL, headers: headers, scopes: [Self.pullScope(repository)], download: sink)
        var redirects = 0
        while [301, 302, 303, 307, 308].contains(response.status), let location = response.header("Location"), redirects < 5 {
            guard let target = URL(string: location, relativeTo: blobURL)?.absoluteURL, target.scheme == "https" || target.scheme == scheme else {
                throw RegistryError(.insecure, "blob \(descriptor.digest): the registry redirects to a non-HTTPS location")
            }
            var request = HTTPRequest(method: "GET", endpoint: target, headers: headers)
            request.query = target.query(percentEncoded: true) ?? ""
            response = try sendUnauthenticated(request, sink: sink)
            redirects += 1
        }
        if resumeFrom > 0 && response.status == 200 {
            // The server sent the whole blob again from byte 0 over what we had: start over cleanly.
            guard sink.restart() else { throw RegistryError(.localFile, "cannot rewrite a partial blob") }
            throw RegistryError(.transport, "blob \(descriptor.digest): the server ignored the Range request", retryable: true)
        }
        guard response.status == 200 || (response.status == 206 && resumeFrom > 0) else {
            if sink.overflow {
                throw RegistryError(.sizeMismatch, "\(registry)/\(repository): blob \(descriptor.digest) is larger than its \(descriptor.size) bytes; it was discarded")
            }
            throw RegistryError.unexpected(response, doing: "GET blob \(registry)/\(repository)@\(descriptor.digest)")
        }
    }

    private func sendUnauthenticated(_ request: HTTPRequest, sink: HashingFileSink) throws(RegistryError) -> HTTPResponse {
        let transport = try CurlStreamingTransport.make(options.transport)
        do { return try transport.send(request, upload: nil, download: sink) } catch { throw RegistryError.transport(error) }
    }
}

extension CurlStreamingTransport {
    static func make(_ options: TransportOptions) throws(RegistryError) -> CurlStreamingTransport {
        do { return try CurlStreamingTransport(options: options) } catch { throw RegistryError.transport(error) }
    }
}
