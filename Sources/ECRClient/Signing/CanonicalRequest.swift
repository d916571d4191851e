import PolicyCore
/// The SigV4 canonical request, kept in its parts so tests and --debug can show each one.
public struct CanonicalRequest: Sendable, Equatable {
    public var method: String
    public var uri: String
    public var query: String
    /// `name:value\n` lines, sorted by lower-case name.
    public var headers: String
    /// `host;x-amz-date`
    public var signedHeaders: String
    public var payloadHash: String

    /// Headers that proxies or libcurl may change after signing, so they are never signed.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "expect", "x-amzn-trace-id", "connection", "transfer-encoding"]

    public init(request: HTTPRequest, normalizePath: Bool = true, payloadHash: String? = nil) {
        method = request.method.uppercased()
        uri = Self.canonicalURI(request.path, normalize: normalizePath)
        query = Self.canonicalQuery(request.query)
        var grouped: [String: [String]] = [:]
        for header in request.headers {
            let name = header.name.lowercased()
            guard !Self.unsignedHeaders.contains(name) else { continue }
            grouped[name, default: []].append(Self.canonicalHeaderValue(header.value))
        }
        let names = grouped.keys.sorted()
        var headers = ""
        for name in names {
            headers += name
            headers += ":"
            headers += grouped[name]!.joinedText(separator: ",")
            headers += "\n"
        }
        self.headers = headers
        signedHeaders = names.joinedText(separator: ";")
        self.payloadHash = payloadHash ?? CryptoDigest.sha256Hex(request.body)
    }

    public var text: String {
        [method, uri, query, headers, signedHeaders, payloadHash].joinedText(separator: "\n")
    }

    /// Removes `.`/`..` segments and empty segments when normalizing, then encodes each segment once.
    static func canonicalURI(_ path: String, normalize: Bool) -> String {
        let raw = path.isEmpty ? "/" : path
        guard normalize else { return URIEncoding.encode(raw, keepSlash: true) }
        // Every JSON and Query API request (ECR, STS, IAM, ...) goes to the root.
        if raw == "/" { return "/" }
        var segments: [Substring] = []
        for segment in raw.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { if !segments.isEmpty { segments.removeLast() }; continue }
            segments.append(segment)
        }
        var result = "/" + segments.map { URIEncoding.encode(String($0)) }.joinedText(separator: "/")
        if raw.hasSuffix("/") && !segments.isEmpty { result += "/" }
        return result
    }

    /// Decodes then re-encodes every key and value, and sorts by key, then value.
    static func canonicalQuery(_ query: String) -> String {
        let pairs: [(String, String)] = query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            let parts = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = URIEncoding.encode(URIEncoding.decode(String(parts[0])))
            let value = parts.count > 1 ? URIEncoding.encode(URIEncoding.decode(String(parts[1]))) : ""
            return (key, value)
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { $0.0 + "=" + $0.1 }.joinedText(separator: "&")
    }

    /// Trims and collapses every run of spaces, tabs and lone CR or LF characters to one space. A CR LF
    /// pair is one Character in Swift and is kept as it is (HTTP forbids line breaks inside a field
    /// value, so no request ecrguard sends has one).
    static func canonicalHeaderValue(_ value: String) -> String {
        var result = ""
        var spaceBefore = false
        for character in value {
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                spaceBefore = !result.isEmpty
                continue
            }
            if spaceBefore {
                result += " "
                spaceBefore = false
            }
            result.append(character)
        }
        return result
    }
}
