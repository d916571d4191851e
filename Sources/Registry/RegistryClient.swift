import ECRClient
import Foundation

/// Settings of one registry client.
public struct RegistryClientOptions: Sendable {
    public var transport: TransportOptions
    /// Plain HTTP, accepted only for a loopback registry (tests, local mirrors). TLS verification itself
    /// is never turned off; `transport.caBundle` adds trusted CAs.
    public var plainHTTP: Bool
    /// Blobs up to this size go in one PUT; larger ones in PATCH chunks of this size, resumable.
    public var chunkSize: Int64
    public var retry: RetryPolicy
    public var sleep: @Sendable (TimeInterval) -> Void

    public init(transport: TransportOptions = TransportOptions(connectTimeout: 10, totalTimeout: 60), plainHTTP: Bool = false,
                chunkSize: Int64 = 32 * 1024 * 1024, retry: RetryPolicy = RetryPolicy(maxAttempts: 4),
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.transport = transport
        self.plainHTTP = plainHTTP
        self.chunkSize = max(1, chunkSize)
        self.retry = retry
        self.sleep = sleep
    }
}

/// The Registry HTTP API v2 for one registry host: manifests, blob existence, mounts, streamed uploads
/// (monolithic or chunked with resume) and streamed, verified downloads. Thread-safe: each request takes
/// one libcurl handle from a pool, so several blobs move in parallel.
public final class RegistryClient: @unchecked Sendable {
    public let registry: String
    public let options: RegistryClientOptions
    let scheme: String
    private let authenticator: RegistryAuthenticator
    private let makeTransport: @Sendable () throws -> any StreamingHTTPTransport
    private let poolLock = NSLock()
    private var idle: [any StreamingHTTPTransport] = []

    public init(registry: String, credentials: RegistryCredentials, options: RegistryClientOptions = RegistryClientOptions(),
                makeTransport: (@Sendable () throws -> any StreamingHTTPTransport)? = nil) throws(RegistryError) {
        let host = ImageReference(registry: registry, repository: "x").host
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        if options.plainHTTP && !loopback {
            throw RegistryError(.insecure, "plain HTTP is accepted only for a loopback registry, not \(registry)")
        }
        self.registry = registry
        self.options = options
        scheme = options.plainHTTP ? "http" : "https"
        authenticator = RegistryAuthenticator(credentials: credentials, registryIsLoopbackPlainHTTP: options.plainHTTP && loopback,
                                              debugLog: options.transport.debugLog)
        let transportOptions = options.transport
        if let makeTransport {
            self.makeTransport = makeTransport
        } else {
            self.makeTransport = { try CurlStreamingTransport(options: transportOptions) }
        }
    }

    // MARK: Requests

    private func checkout() throws(RegistryError) -> any StreamingHTTPTransport {
        poolLock.lock()
        if let transport = idle.popLast() { poolLock.unlock(); return transport }
        poolLock.unlock()
        do { return try makeTransport() } catch let error as TransportError { throw RegistryError.transport(error) } catch {
            throw RegistryError(.transport, "\(error)")
        }
    }

    private func checkin(_ transport: any StreamingHTTPTransport) {
        poolLock.lock(); idle.append(transport); poolLock.unlock()
    }

    private func raw(_ request: HTTPRequest, upload: (any UploadBody)?, download: (any DownloadSink)?) throws(RegistryError) -> HTTPResponse {
        let transport = try checkout()
        defer { checkin(transport) }
        do { return try transport.send(request, upload: upload, download: download) } catch { throw RegistryError.transport(error) }
    }

    /// A URL on this registry: `/v2/...` paths, or a `Location` the registry gave (absolute or relative).
    func url(_ location: String) throws(RegistryError) -> URL {
        let base = "\(scheme)://\(registry)"
        if location.hasPrefix("http://") || location.hasPrefix("https://") {
            guard let url = URL(string: location) else { throw RegistryError(.protocolError, "unreadable Location from the registry") }
            return url
        }
        guard let url = URL(string: location.hasPrefix("/") ? base + location : base + "/" + location) else {
            throw RegistryError(.protocolError, "unreadable Location from the registry")
        }
        return url
    }

    /// Sends one request with authentication: a 401 is answered once (Basic or a Bearer token for
    /// `scopes`) and the request repeated. `upload` is a factory because a repeated request needs its
    /// body from the start again.
    func send(_ method: String, _ url: URL, headers: [HTTPHeader] = [], body: Data = Data(), scopes: [String],
              upload: (() throws(RegistryError) -> any UploadBody)? = nil, download: (any DownloadSink)? = nil) throws(RegistryError) -> HTTPResponse {
        var request = HTTPRequest(method: method, endpoint: url, headers: headers, body: body)
        // Keep the query exactly as the registry wrote it (upload state tokens).
        request.query = url.query(percentEncoded: true) ?? ""
        var attempted: String?
        var answered = false
        while true {
            var attempt = request
            if let authorization = authenticator.authorization(scopes: scopes) {
                attempt.headers.append(HTTPHeader("Authorization", authorization))
                attempted = authorization
            }
            let response = try raw(attempt, upload: try upload?(), download: download)
            // One answer to a 401: a second 401 is the registry's refusal.
            guard response.status == 401, !answered else { return response }
            answered = true
            let retry = try authenticator.respond(to: response, scopes: scopes, attempted: attempted) { (tokenRequest: HTTPRequest) throws(RegistryError) in
                try self.raw(tokenRequest, upload: nil, download: nil)
            }
            if !retry { return response }
        }
    }

    /// `send` for requests without a streamed body, repeated after transient failures (transport errors,
    /// 429, 5xx) as the retry policy allows.
    func sendRetrying(_ method: String, _ url: URL, headers: [HTTPHeader] = [], body: Data = Data(), scopes: [String]) throws(RegistryError) -> HTTPResponse {
        var attempt = 1
        while true {
            do {
                let response = try send(method, url, headers: headers, body: body, scopes: scopes)
                let transient = response.status == 429 || (500...599).contains(response.status) && response.status != 501
                if !transient || attempt >= options.retry.maxAttempts { return response }
            } catch where error.retryable && attempt < options.retry.maxAttempts {
            }
            options.sleep(options.retry.delay(beforeRetry: attempt))
            attempt += 1
        }
    }

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }
    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }

    // MARK: Manifests

    /// Fetches a manifest or index by tag or digest and verifies it: the digest when the reference is one,
    /// and the registry's `Docker-Content-Digest` when it sends one.
    public func manifest(_ repository: String, reference: String, expected: Descriptor? = nil) throws(RegistryError) -> ImageManifest {
        let url = try url("/v2/\(repository)/manifests/\(reference)")
        let response = try sendRetrying("GET", url, headers: [HTTPHeader("Accept", MediaType.acceptManifests)], scopes: [Self.pullScope(repository)])
        guard response.status == 200 else {
            throw RegistryError.unexpected(response, doing: "GET manifest \(registry)/\(repository):\(reference)")
        }
        let source = "\(registry)/\(repository)@\(reference)"
        let manifest = try ImageManifest(bytes: response.body, declaredType: expected?.mediaType ?? response.header("Content-Type"), source: source)
        if let wanted = try? BlobDigest(parsing: reference), wanted != manifest.digest {
            throw RegistryError(.digestMismatch, "\(source): the manifest received has digest \(manifest.digest), not \(wanted)")
        }
        if let header = response.header("Docker-Content-Digest"), header != manifest.digest.description {
            throw RegistryError(.digestMismatch, "\(source): the registry says the manifest is \(header) but its bytes are \(manifest.digest)")
        }
        if let expected, expected.size != Int64(manifest.bytes.count) {
            throw RegistryError(.sizeMismatch, "\(source): \(manifest.bytes.count) bytes, the index says \(expected.size)")
        }
        return manifest
    }

    /// Stores a manifest under a tag or its digest; the registry's digest must equal the bytes' digest.
    public func putManifest(_ repository: String, reference: String, manifest: ImageManifest) throws(RegistryError) {
        let url = try url("/v2/\(repository)/manifests/\(reference)")
        let response = try sendRetrying("PUT", url, headers: [HTTPHeader("Content-Type", manifest.mediaType)], body: manifest.bytes,
                                        scopes: [Self.pushScope(repository)])
        guard response.status == 201 || response.status == 200 else {
            throw RegistryError.unexpected(response, doing: "PUT manifest \(registry)/\(repository):\(reference)")
        }
        if let header = response.header("Docker-Content-Digest"), header != manifest.digest.description {
            throw RegistryError(.digestMismatch, "\(registry)/\(repository):\(reference): the registry stored \(header), ecrguard sent \(manifest.digest)")
        }
    }

    // MARK: Blobs

    /// The size of a blob when the registry has it (HEAD), nil when it does not.
    public func blobSize(_ repository: String, digest: BlobDigest) throws(RegistryError) -> Int64? {
        let url = try url("/v2/\(repository)/blobs/\(digest)")
        let response = try sendRetrying("HEAD", url, scopes: [Self.pullScope(repository)])
        switch response.status {
        case 200: return response.header("Content-Length").flatMap { Int64($0) } ?? -1
        case 404: return nil
        default: throw RegistryError.unexpected(response, doing: "HEAD blob \(registry)/\(repository)@\(digest)")
        }
    }
}
