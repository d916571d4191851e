import CCurl
import Foundation

/// Bytes a request sends from a stream (an image blob read from a file), never held whole in memory.
public protocol UploadBody: AnyObject {
    /// The exact number of bytes `read` will deliver (sent as Content-Length).
    var length: Int64 { get }
    /// Fills `buffer` with the next bytes; 0 at the end, nil when the source failed (the request is aborted).
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int?
}

/// Where a successful (2xx) response body goes, piece by piece (a blob written to a file while it is hashed).
public protocol DownloadSink: AnyObject {
    /// Returns false to abort the transfer (a write failed, or more bytes arrived than announced).
    func write(_ bytes: UnsafeRawBufferPointer) -> Bool
}

/// HTTP whose bodies may be streams. Error bodies (any non-2xx status) are always collected in the
/// response, up to 64 KiB, so they can be read as registry errors. Implementations: `CurlStreamingTransport`
/// and wrappers in tests that inject faults.
public protocol StreamingHTTPTransport: AnyObject, Sendable {
    func send(_ request: HTTPRequest, upload: (any UploadBody)?, download: (any DownloadSink)?) throws(TransportError) -> HTTPResponse
}

/// `StreamingHTTPTransport` over one libcurl easy handle (`CurlEasyHandle`: keep-alive across requests,
/// one request at a time, verification always on).
public final class CurlStreamingTransport: StreamingHTTPTransport, @unchecked Sendable {
    private let easy: CurlEasyHandle
    public let options: TransportOptions

    public init(options: TransportOptions = TransportOptions()) throws(TransportError) {
        easy = try CurlEasyHandle()
        self.options = options
    }

    public func send(_ request: HTTPRequest, upload: (any UploadBody)?, download: (any DownloadSink)?) throws(TransportError) -> HTTPResponse {
        let url = request.urlString
        options.debugLog?.log(CurlTransport.describe(request, url: url))
        let exchange = StreamingExchange(upload: upload, download: download)
        let context = Unmanaged.passUnretained(exchange).toOpaque()
        let method = request.method.uppercased()
        let body = [UInt8](request.body)
        return try easy.withRequest(request, url: url, options: options, headerCallback: streamingWriteHeader, context: context) { handle, code throws(TransportError) in
            var settings: [(CURLoption, Int)] = [
                // A blob transfer may take long: fail only when fewer than 1 KiB/s flow for the read timeout.
                (CURLOPT_LOW_SPEED_LIMIT, 1024), (CURLOPT_LOW_SPEED_TIME, max(1, Int(options.totalTimeout))),
                (CURLOPT_BUFFERSIZE, 512 * 1024), (CURLOPT_UPLOAD_BUFFERSIZE, 1024 * 1024),
            ]
            switch (method, upload) {
            case ("GET", nil): settings.append((CURLOPT_HTTPGET, 1))
            case ("HEAD", nil): settings.append((CURLOPT_NOBODY, 1))
            case (_, .some): settings.append((CURLOPT_UPLOAD, 1))
            default: settings.append((CURLOPT_POST, 1))
            }
            var code = code
            for (option, value) in settings where code == CURLE_OK { code = ecrg_curl_setopt_long(handle, option, value) }
            if code == CURLE_OK { code = ecrg_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, streamingWriteBody) }
            if code == CURLE_OK { code = ecrg_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context) }
            if let upload, code == CURLE_OK {
                code = ecrg_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.length))
                if code == CURLE_OK { code = ecrg_curl_setopt_data_callback(handle, CURLOPT_READFUNCTION, streamingReadBody) }
                if code == CURLE_OK { code = ecrg_curl_setopt_ptr(handle, CURLOPT_READDATA, context) }
            }
            if method != "GET" && method != "HEAD" && method != "POST" && !(method == "PUT" && upload != nil), code == CURLE_OK {
                code = ecrg_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)
            }
            let result: CURLcode = body.withUnsafeBufferPointer { buffer in
                var code = code
                if upload == nil, method != "GET", method != "HEAD", code == CURLE_OK {
                    code = ecrg_curl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(buffer.count))
                    if code == CURLE_OK {
                        code = ecrg_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!))
                    }
                }
                guard code == CURLE_OK else { return code }
                return curl_easy_perform(handle)
            }
            var cause: TransportError?
            if exchange.sinkFailed { cause = TransportError(kind: .other, message: "the response body could not be stored", url: url) }
            if exchange.sourceFailed { cause = TransportError(kind: .other, message: "the request body could not be read", url: url) }
            return try CurlEasyHandle.finish(handle, result: result, url: url, request: request, options: options,
                                              headers: exchange.headers, body: exchange.errorBody, cause: cause)
        }
    }
}

/// What the callbacks of one streaming request share.
final class StreamingExchange {
    let upload: (any UploadBody)?
    let download: (any DownloadSink)?
    var status = 0
    var headers: [HTTPHeader] = []
    var errorBody = Data()
    var sinkFailed = false
    var sourceFailed = false

    init(upload: (any UploadBody)?, download: (any DownloadSink)?) {
        self.upload = upload
        self.download = download
    }

    static let errorBodyLimit = 64 * 1024
}

let streamingWriteBody: ecrg_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let exchange = Unmanaged<StreamingExchange>.fromOpaque(context).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: data, count: length)
    if let sink = exchange.download, (200..<300).contains(exchange.status) {
        guard sink.write(bytes) else {
            exchange.sinkFailed = true
            return 0
        }
    } else if exchange.errorBody.count < StreamingExchange.errorBodyLimit {
        exchange.errorBody.append(contentsOf: bytes.prefix(StreamingExchange.errorBodyLimit - exchange.errorBody.count))
    }
    return length
}

let streamingWriteHeader: ecrg_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let exchange = Unmanaged<StreamingExchange>.fromOpaque(context).takeUnretainedValue()
    switch HTTPHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) {
    case .status(let line):
        exchange.headers = []
        exchange.errorBody = Data()
        let parts = line.split(separator: " ")
        exchange.status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    case .header(let header):
        exchange.headers.append(header)
    case .other:
        break
    }
    return length
}

let streamingReadBody: ecrg_curl_data_callback = { data, size, count, context in
    guard let data, let context else { return 0 }
    let exchange = Unmanaged<StreamingExchange>.fromOpaque(context).takeUnretainedValue()
    guard let upload = exchange.upload else { return 0 }
    guard let read = upload.read(into: UnsafeMutableRawBufferPointer(start: data, count: size * count)) else {
        exchange.sourceFailed = true
        return Int(CURL_READFUNC_ABORT)
    }
    return read
}
