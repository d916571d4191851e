import Foundation

/// Connection settings shared by every request of one transport.
public struct TransportOptions: Sendable {
    /// Seconds to establish the TCP (and TLS) connection.
    public var connectTimeout: TimeInterval
    /// Seconds for the whole request, including reading the response.
    public var totalTimeout: TimeInterval
    /// PEM bundle of trusted CAs (`--ca-bundle`, `AWS_CA_BUNDLE`); nil uses the system store.
    /// Certificate and host name verification are always on.
    public var caBundle: String?
    public var userAgent: String
    /// Receives --debug lines; everything passed here has been through `SecretRedactor`.
    public var debugLog: DebugLog?

    public init(connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 60, caBundle: String? = nil,
                userAgent: String = TransportOptions.defaultUserAgent, debugLog: DebugLog? = nil) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caBundle = caBundle
        self.userAgent = userAgent
        self.debugLog = debugLog
    }

    public static let defaultUserAgent = "ecrguard/\(ECRClientVersion.current) md/libcurl"
}
