import Foundation

public struct DescribeRegistry: ECROperation {
    public static let operationName = "DescribeRegistry"
    public init() {}
    public struct Response: Decodable, Sendable {
        public var registryId: String?
        public var replicationConfiguration: ReplicationConfiguration?
    }
}

public struct PutReplicationConfiguration: ECROperation {
    public static let operationName = "PutReplicationConfiguration"
    public var replicationConfiguration: ReplicationConfiguration
    public init(_ replicationConfiguration: ReplicationConfiguration) { self.replicationConfiguration = replicationConfiguration }
    public struct Response: Decodable, Sendable { public var replicationConfiguration: ReplicationConfiguration? }
}

public struct GetAuthorizationToken: ECROperation {
    public static let operationName = "GetAuthorizationToken"
    public var registryIds: [String]?
    public init(registryIds: [String]? = nil) { self.registryIds = registryIds }

    public struct Response: Decodable, Sendable { public var authorizationData: [AuthorizationData]? }
}

/// A registry login: `authorizationToken` is base64("AWS:<password>"). Its description hides the token.
public struct AuthorizationData: Decodable, Sendable, CustomStringConvertible {
    public var authorizationToken: String?
    public var expiresAt: Date?
    public var proxyEndpoint: String?

    /// The user name and password inside the token.
    public func decodedCredentials() -> (user: String, password: String)? {
        guard let token = authorizationToken, let data = Data(base64Encoded: token),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    public var description: String { "AuthorizationData(proxyEndpoint: \(proxyEndpoint ?? "-"), authorizationToken: <redacted>)" }
}

public struct GetAccountSetting: ECROperation {
    public static let operationName = "GetAccountSetting"
    /// `BASIC_SCAN_TYPE_VERSION` or `REGISTRY_POLICY_SCOPE`.
    public var name: String
    public init(name: String) { self.name = name }
    public struct Response: Decodable, Sendable, Equatable {
        public var name: String?
        public var value: String?
    }
}

public struct PutAccountSetting: ECROperation {
    public static let operationName = "PutAccountSetting"
    public var name: String
    /// For `REGISTRY_POLICY_SCOPE`: `V1` or `V2`.
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
    public typealias Response = GetAccountSetting.Response
}
