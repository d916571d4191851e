import CCurl
import Foundation

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
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    if line.hasPrefix("HTTP/") {
        accumulator.headers = []
        accumulator.body = Data()
    } else if let colon = line.firstIndex(of: ":") {
        accumulator.headers.append(HTTPHeader(String(line[..<colon]).trimmingCharacters(in: .whitespaces),
                                              String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
    }
    return length
}
