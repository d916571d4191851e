import Foundation

/// An HTTP request as the signer and the transport see it.
///
/// `path` is the unencoded path (`/`, `/example space/`); it is percent-encoded once on the wire and
/// in the canonical request. `query` is the query string as sent (already encoded, without `?`).
public struct HTTPRequest: Sendable, Equatable {
    public var method: String
    public var scheme: String
    public var host: String
    public var port: Int?
    public var path: String
    public var query: String
    public var headers: [HTTPHeader]
    public var body: Data
    /// The whole response body is a secret (an IMDS session token): --debug logs only its length.
    public var secretResponseBody = false

    public init(method: String, scheme: String = "https", host: String, port: Int? = nil, path: String = "/",
                query: String = "", headers: [HTTPHeader] = [], body: Data = Data()) {
        self.method = method
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// Builds a request from an endpoint URL (`http://127.0.0.1:5000`, `https://api.ecr.us-east-1.amazonaws.com`).
    public init(method: String, endpoint: URL, headers: [HTTPHeader] = [], body: Data = Data()) {
        let components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)
        let path = components?.percentEncodedPath ?? ""
        self.init(method: method, scheme: components?.scheme?.lowercased() ?? "https", host: components?.host ?? "",
                  port: components?.port, path: path.isEmpty ? "/" : URIEncoding.decode(path),
                  query: components?.percentEncodedQuery ?? "", headers: headers, body: body)
    }

    /// The `Host` header value: the host, plus the port when it is not the scheme's default.
    public var hostHeader: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        guard let port else { return bracketed }
        if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { return bracketed }
        return "\(bracketed):\(port)"
    }

    /// The full URL as sent on the wire.
    public var urlString: String {
        var url = "\(scheme)://\(hostHeader)\(URIEncoding.encode(path, keepSlash: true))"
        if !query.isEmpty { url += "?" + query }
        return url
    }
}
