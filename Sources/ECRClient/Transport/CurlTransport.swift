import CCurl
import Foundation

/// HTTP over libcurl with one easy handle reused for every request, so consecutive calls to the same
/// endpoint share one keep-alive connection. Certificate and host verification are always on; proxies
/// come from the environment (`https_proxy`, `no_proxy`), which libcurl reads itself.
/// Requests are serialized by a lock: the handle is not shared across threads.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let lock = NSLock()
    public let options: TransportOptions

    private static let globalInit: Void = { curl_global_init(ECRG_CURL_GLOBAL_ALL) }()

    public init(options: TransportOptions = TransportOptions()) throws(TransportError) {
        _ = Self.globalInit
        guard let handle = curl_easy_init() else {
            throw TransportError(kind: .other, message: "curl_easy_init failed", url: "")
        }
        self.handle = handle
        self.options = options
    }

    deinit { curl_easy_cleanup(handle) }

    /// How many new connections libcurl opened for the last request (0 when it reused one).
    public private(set) var lastNewConnections = 0

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        lock.lock()
        defer { lock.unlock() }
        let url = request.urlString
        options.debugLog?.log(Self.describe(request, url: url))
        curl_easy_reset(handle)
        let accumulator = ResponseAccumulator()
        let context = Unmanaged.passUnretained(accumulator).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // No "Expect: 100-continue" round trip; no Accept header we did not sign for.
        headerList = curl_slist_append(headerList, "Expect:")
        headerList = curl_slist_append(headerList, "Accept:")

        var code = ecrg_curl_setopt_string(handle, CURLOPT_URL, url)
        code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1) : code
        code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1) : code
        code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2) : code
        code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000)) : code
        code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000)) : code
        code = ok(code) ? ecrg_curl_setopt_string(handle, CURLOPT_USERAGENT, options.userAgent) : code
        code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0) : code
        if let bundle = options.caBundle, ok(code) {
            code = ecrg_curl_setopt_string(handle, CURLOPT_CAINFO, bundle)
        }
        code = ok(code) ? ecrg_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList) : code
        code = ok(code) ? ecrg_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody) : code
        code = ok(code) ? ecrg_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context) : code
        code = ok(code) ? ecrg_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader) : code
        code = ok(code) ? ecrg_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context) : code

        let method = request.method.uppercased()
        let body = [UInt8](request.body)
        let result: CURLcode = body.withUnsafeBufferPointer { buffer in
            var code = code
            switch method {
            case "GET":
                code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_HTTPGET, 1) : code
            case "HEAD":
                code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_NOBODY, 1) : code
            default:
                // POSTFIELDS with an explicit size sends exactly these bytes, even when empty.
                code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_POST, 1) : code
                code = ok(code) ? ecrg_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buffer.count)) : code
                code = ok(code) ? ecrg_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)) : code
                if method != "POST" {
                    code = ok(code) ? ecrg_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method) : code
                }
            }
            guard ok(code) else { return code }
            return curl_easy_perform(handle)
        }
        var connects = 0
        _ = ecrg_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        lastNewConnections = connects
        guard result == CURLE_OK else {
            let error = Self.transportError(result, url: url)
            options.debugLog?.log("<- \(error)")
            throw error
        }
        var status = 0
        _ = ecrg_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let response = HTTPResponse(status: status, headers: accumulator.headers, body: accumulator.body)
        options.debugLog?.log(Self.describe(response, bodyIsSecret: request.secretResponseBody))
        return response
    }

    private func ok(_ code: CURLcode) -> Bool { code == CURLE_OK }

    static func transportError(_ code: CURLcode, url: String) -> TransportError {
        let message = String(cString: curl_easy_strerror(code))
        let kind: TransportError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
            kind = .connectionFailed
        case CURLE_OPERATION_TIMEDOUT:
            kind = .timedOut
        case CURLE_PARTIAL_FILE:
            kind = .truncated
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            kind = .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            kind = .invalidRequest
        default:
            kind = .other
        }
        return TransportError(kind: kind, message: message, url: url)
    }

    static func describe(_ request: HTTPRequest, url: String) -> String {
        var lines = ["-> \(request.method) \(url)"]
        lines += request.headers.map { "   \($0.name): \($0.value)" }
        if !request.body.isEmpty { lines.append("   body: " + String(decoding: request.body.prefix(4096), as: UTF8.self)) }
        return lines.joined(separator: "\n")
    }

    static func describe(_ response: HTTPResponse, bodyIsSecret: Bool = false) -> String {
        var lines = ["<- HTTP \(response.status)"]
        lines += response.headers.map { "   \($0.name): \($0.value)" }
        if bodyIsSecret {
            lines.append("   body: \(SecretRedactor.mask) (\(response.body.count) bytes)")
        } else if !response.body.isEmpty {
            lines.append("   body: " + String(decoding: response.body.prefix(4096), as: UTF8.self))
        }
        return lines.joined(separator: "\n")
    }
}
