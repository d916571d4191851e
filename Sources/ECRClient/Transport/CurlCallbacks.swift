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
/// than signing the request.
enum HTTPHeaderLine: Equatable {
    case status(String)
    case header(HTTPHeader)
    case other

    init(_ bytes: UnsafeRawBufferPointer) {
        let line = Self.trimmed(Substring(String(decoding: bytes, as: UTF8.self)), newlines: true)
        if line.hasPrefix("HTTP/") {
            self = .status(line)
        } else if let colon = line.firstIndex(of: ":") {
            self = .header(HTTPHeader(Self.trimmed(line[..<colon], newlines: false), Self.trimmed(line[line.index(after: colon)...], newlines: false)))
        } else {
            self = .other
        }
    }

    /// `text` without the leading and trailing scalars of Foundation's `.whitespaces` (the tab, the
    /// spaces of general category Zs, and U+200B) and, with `newlines`, its line breaks too
    /// (`.whitespacesAndNewlines`).
    static func trimmed(_ text: Substring, newlines: Bool) -> String {
        func trims(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
            case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return true
            default: return false
            }
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !trims($0) }), let last = scalars.lastIndex(where: { !trims($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
