import ECRClient
import Foundation

/// What ecrguard presents to a registry. ECR's is `basic(username: "AWS", password: <decoded token>)`.
public enum RegistryCredentials: Sendable {
    case anonymous
    case basic(username: String, password: String)

    var password: String? {
        if case .basic(_, let password) = self { return password }
        return nil
    }
}

/// A `WWW-Authenticate` challenge: `Basic realm="…"` or `Bearer realm="…",service="…",scope="…"`.
public struct AuthChallenge: Sendable, Equatable {
    public var scheme: String
    public var parameters: [String: String]

    public init?(header: String) {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else {
            guard !trimmed.isEmpty else { return nil }
            scheme = trimmed.lowercased()
            parameters = [:]
            return
        }
        scheme = trimmed[..<space].lowercased()
        var parameters: [String: String] = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].trimmingCharacters(in: CharacterSet(charactersIn: " ,")).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    if character == "\\" { rest = rest.dropFirst() }
                    if let next = rest.first { value.append(next) }
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[key] = value
        }
        self.parameters = parameters
    }
}

/// Answers a registry's 401 once per scope and remembers the answer: Basic with the credentials, or a
/// Bearer token fetched from the challenge's realm (with the credentials, when there are some).
/// Tokens and passwords are taught to the debug log so they are masked wherever they would appear.
final class RegistryAuthenticator: @unchecked Sendable {
    private let credentials: RegistryCredentials
    private let registryIsLoopbackPlainHTTP: Bool
    private let debugLog: DebugLog?
    private let lock = NSLock()
    private var challenge: AuthChallenge?
    private var tokens: [String: String] = [:]

    init(credentials: RegistryCredentials, registryIsLoopbackPlainHTTP: Bool, debugLog: DebugLog?) {
        self.credentials = credentials
        self.registryIsLoopbackPlainHTTP = registryIsLoopbackPlainHTTP
        self.debugLog = debugLog
        if let password = credentials.password { debugLog?.addSecret(password) }
    }

    /// The Authorization header for `scopes`, when the registry's scheme is known.
    func authorization(scopes: [String]) -> String? {
        lock.lock(); defer { lock.unlock() }
        switch challenge?.scheme {
        case "basic": return basicHeader()
        case "bearer": return tokens[scopes.joined(separator: " ")].map { "Bearer \($0)" }
        default: return nil
        }
    }

    private func basicHeader() -> String? {
        guard case .basic(let user, let password) = credentials else { return nil }
        return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Learns from a 401 and prepares an answer; false when there is nothing new to try.
    func respond(to response: HTTPResponse, scopes: [String], attempted: String?,
                 fetchToken: (HTTPRequest) throws(RegistryError) -> HTTPResponse) throws(RegistryError) -> Bool {
        guard let header = response.header("WWW-Authenticate"), let challenge = AuthChallenge(header: header) else {
            return false
        }
        lock.lock()
        self.challenge = challenge
        lock.unlock()
        switch challenge.scheme {
        case "basic":
            guard let header = basicHeader(), header != attempted else { return false }
            return true
        case "bearer":
            let token = try bearerToken(challenge: challenge, scopes: scopes, fetch: fetchToken)
            lock.lock(); defer { lock.unlock() }
            let known = tokens[scopes.joined(separator: " ")]
            tokens[scopes.joined(separator: " ")] = token
            return "Bearer \(token)" != attempted || known == nil
        default:
            throw RegistryError(.unsupported, "the registry asks for '\(challenge.scheme)' authentication, which ecrguard does not speak")
        }
    }

    private func bearerToken(challenge: AuthChallenge, scopes: [String],
                             fetch: (HTTPRequest) throws(RegistryError) -> HTTPResponse) throws(RegistryError) -> String {
        guard let realm = challenge.parameters["realm"], let realmURL = URL(string: realm), let host = realmURL.host else {
            throw RegistryError(.protocolError, "the registry's Bearer challenge has no usable realm")
        }
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        guard realmURL.scheme == "https" || (realmURL.scheme == "http" && loopback && registryIsLoopbackPlainHTTP) else {
            throw RegistryError(.insecure, "the registry's token service \(realm) is not HTTPS; ecrguard sends no credentials over plain HTTP")
        }
        var query: [String] = []
        if let service = challenge.parameters["service"] { query.append("service=" + URIEncoding.encode(service)) }
        for scope in scopes { query.append("scope=" + URIEncoding.encode(scope)) }
        var request = HTTPRequest(method: "GET", endpoint: realmURL)
        request.query = ([request.query].filter { !$0.isEmpty } + query).joined(separator: "&")
        if let basic = basicHeader() { request.headers.append(HTTPHeader("Authorization", basic)) }
        request.secretResponseBody = true
        let response = try fetch(request)
        guard response.status == 200 else {
            throw RegistryError.unexpected(response, doing: "token request to \(realmURL.host ?? realm)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              let token = (object["token"] as? String) ?? (object["access_token"] as? String), !token.isEmpty else {
            throw RegistryError(.protocolError, "the token service answered without a token")
        }
        debugLog?.addSecret(token)
        return token
    }
}
