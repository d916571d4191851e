import CCurl
import Foundation

/// One libcurl easy handle: libcurl initialised once per process, the handle reused for every request
/// (so consecutive calls to one endpoint share a keep-alive connection) and used by one request at a
/// time. Both transports build on it, so what every request gets is set in one place.
final class CurlEasyHandle: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    private let lock = NSLock()

    private static let globalInit: Void = { curl_global_init(ECRG_CURL_GLOBAL_ALL) }()

    init() throws(TransportError) {
        _ = Self.globalInit
        guard let raw = curl_easy_init() else {
            throw TransportError(kind: .other, message: "curl_easy_init failed", url: "")
        }
        self.raw = raw
    }

    deinit { curl_easy_cleanup(raw) }

    /// What both transports do once `curl_easy_perform` returns: a failure becomes a logged
    /// `TransportError` (`cause`, when given, names what failed on our side of an aborted transfer);
    /// otherwise the status is read and the response logged and returned.
    static func finish(_ handle: UnsafeMutableRawPointer, result: CURLcode, url: String, request: HTTPRequest, options: TransportOptions,
                       headers: [HTTPHeader], body: Data, cause: TransportError? = nil) throws(TransportError) -> HTTPResponse {
        guard result == CURLE_OK else {
            let error = cause ?? CurlTransport.transportError(result, url: url)
            options.debugLog?.log("<- \(error)")
            throw error
        }
        var status = 0
        _ = ecrg_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        let response = HTTPResponse(status: status, headers: headers, body: body)
        options.debugLog?.log(CurlTransport.describe(response, bodyIsSecret: request.secretResponseBody))
        return response
    }

    /// Runs `body` with the handle reset to libcurl's defaults and every request's options set (URL,
    /// headers, verification, timeouts, header callback), holding the lock. `body` gets the handle and
    /// the result of setting those options (the first failure, or `CURLE_OK`); the header list is
    /// freed afterwards.
    func withRequest<T>(_ request: HTTPRequest, url: String, options: TransportOptions, headerCallback: ecrg_curl_data_callback,
                        context: UnsafeMutableRawPointer,
                        _ body: (UnsafeMutableRawPointer, CURLcode) throws(TransportError) -> T) throws(TransportError) -> T {
        lock.lock()
        defer { lock.unlock() }
        curl_easy_reset(raw)
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        for header in request.headers { headerList = curl_slist_append(headerList, "\(header.name): \(header.value)") }
        // No "Expect: 100-continue" round trip; no Accept header we did not sign for.
        headerList = curl_slist_append(headerList, "Expect:")
        if request.headers.value(named: "Accept") == nil { headerList = curl_slist_append(headerList, "Accept:") }

        // Certificate and host verification are always on; `caBundle` adds trust. No redirects.
        var code = ecrg_curl_setopt_string(raw, CURLOPT_URL, url)
        let settings: [(CURLoption, Int)] = [
            (CURLOPT_NOSIGNAL, 1), (CURLOPT_SSL_VERIFYPEER, 1), (CURLOPT_SSL_VERIFYHOST, 2), (CURLOPT_FOLLOWLOCATION, 0),
            (CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000)),
        ]
        for (option, value) in settings where code == CURLE_OK { code = ecrg_curl_setopt_long(raw, option, value) }
        if code == CURLE_OK { code = ecrg_curl_setopt_string(raw, CURLOPT_USERAGENT, options.userAgent) }
        if let bundle = options.caBundle, code == CURLE_OK { code = ecrg_curl_setopt_string(raw, CURLOPT_CAINFO, bundle) }
        if code == CURLE_OK { code = ecrg_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList) }
        if code == CURLE_OK { code = ecrg_curl_setopt_data_callback(raw, CURLOPT_HEADERFUNCTION, headerCallback) }
        if code == CURLE_OK { code = ecrg_curl_setopt_ptr(raw, CURLOPT_HEADERDATA, context) }
        return try body(raw, code)
    }
}
