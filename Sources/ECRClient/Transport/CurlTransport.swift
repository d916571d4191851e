import CCurl
import Foundation

/// HTTP over libcurl with one easy handle reused for every request (`CurlEasyHandle`: keep-alive,
/// verification always on, one request at a time); bodies are collected whole. Proxies come from the
/// environment (`https_proxy`, `no_proxy`), which libcurl reads itself.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    private let easy: CurlEasyHandle
    public let options: TransportOptions

    public init(options: TransportOptions = TransportOptions()) throws(TransportError) {
        easy = try CurlEasyHandle()
        self.options = options
    }

    /// How many new connections libcurl opened for the last request (0 when it reused one).
    public private(set) var lastNewConnections = 0

    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let url = request.urlString
        options.debugLog?.log(Self.describe(request, url: url))
        let accumulator = ResponseAccumulator()
        let context = Unmanaged.passUnretained(accumulator).toOpaque()
        let method = request.method.uppercased()
        let body = [UInt8](request.body)
        return try easy.withRequest(request, url: url, options: options, headerCallback: curlWriteHeader, context: context) { handle, code throws(TransportError) in
            var code = code
            code = ok(code) ? ecrg_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000)) : code
            code = ok(code) ? ecrg_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody) : code
            code = ok(code) ? ecrg_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context) : code
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
            return try CurlEasyHandle.finish(handle, result: result, url: url, request: request, options: options,
                                   headers: accumulator.headers, body: accumulator.body)
        }
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
