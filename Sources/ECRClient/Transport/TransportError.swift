/// A request that got no complete HTTP response: refused or dropped connection, timeout, TLS failure,
/// a body cut short. Whether it is worth retrying is part of the value.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case connectionFailed = "connection failed"
        case timedOut = "timed out"
        case tls = "TLS error"
        case truncated = "response cut short"
        case invalidRequest = "invalid request"
        case other = "transport error"
    }

    public var kind: Kind
    public var message: String
    public var url: String

    public init(kind: Kind, message: String, url: String) {
        self.kind = kind
        self.message = message
        self.url = url
    }

    /// Connection failures, timeouts and truncated responses are transient (AWS standard retry mode).
    public var isRetryable: Bool {
        switch kind {
        case .connectionFailed, .timedOut, .truncated: true
        case .tls, .invalidRequest, .other: false
        }
    }

    public var description: String { "\(kind.rawValue) for \(url): \(message)" }
}
