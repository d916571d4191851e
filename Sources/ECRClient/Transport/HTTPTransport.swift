/// Sends one HTTP request and returns the whole response. Implementations: `CurlTransport` (libcurl,
/// one reused connection) and `FakeTransport` in tests. Retrying and signing live above this layer.
public protocol HTTPTransport: AnyObject, Sendable {
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse
}
