import Foundation

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
