import Foundation

/// The AWS CLI's global options, as given on the command line (nil = not given).
public struct AWSClientOptions: Sendable {
    public var region: String?
    public var profile: String?
    public var endpointURL: String?
    public var caBundle: String?
    public var debug: Bool
    public var connectTimeout: TimeInterval?
    public var readTimeout: TimeInterval?

    public init(region: String? = nil, profile: String? = nil, endpointURL: String? = nil, caBundle: String? = nil,
                debug: Bool = false, connectTimeout: TimeInterval? = nil, readTimeout: TimeInterval? = nil) {
        self.region = region
        self.profile = profile
        self.endpointURL = endpointURL
        self.caBundle = caBundle
        self.debug = debug
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }
}
