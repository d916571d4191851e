import CCurl
import Foundation
import PolicyCore

/// Collects what libcurl's callbacks deliver for one request.
final class ResponseAccumulator {
    var body = Data()
    var headers: [HTTPHeader] = []
}

/// libcurl write callback: appends body bytes to the `ResponseAccumulator` passed as user data.
let curlWriteBody: ecrg_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(context).takeUnretainedValue()
    accumulator.body.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return length
}

/// libcurl header callback: one raw header line per call. A new status line (after `100 Continue`
/// or an interim response) starts a fresh header list.
let curlWriteHeader: ecrg_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return length }
    let accumulator = Unmanaged<ResponseAccumulator>.fromOpaque(context).takeUnretainedValue()
    switch HTTPHeaderLine(UnsafeRawBufferPointer(start: data, count: length)) {
    case .status:
        accumulator.headers = []
        accumulator.body = Data()
    case .header(let header):
        accumulator.headers.append(header)
    case .other:
        break
    }
    return length
}

/// One raw header line as libcurl hands it over: a status line (`HTTP/1.1 200 OK`), a header
/// (`Name: value`), or anything else (the blank line that ends the headers). Line, name and value
/// are trimmed as Foundation's `trimmingCharacters(in: .whitespacesAndNewlines)` and
/// `(in: .whitespaces)` trim them, but without bridging to NSString, which cost more per response
/// than signing the request (`trimmingBlanks`).
enum HTTPHeaderLine: Equatable {
    case status(String)
    case header(HTTPHeader)
    case other

    init(_ bytes: UnsafeRawBufferPointer) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingBlanks(newlines: true)
        if line.hasPrefix("HTTP/") {
            self = .status(line)
        } else if let colon = line.firstIndex(of: ":") {
            self = .header(HTTPHeader(line[..<colon].trimmingBlanks(newlines: false), line[line.index(after: colon)...].trimmingBlanks(newlines: false)))
        } else {
            self = .other
        }
    }

}
