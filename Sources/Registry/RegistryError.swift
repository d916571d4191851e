import ECRClient
import Foundation

/// Why an image transfer failed. What callers decide on is a property: `isDenied` (401/403, explained by
/// the preflight), `isRetryable`.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let invalidReference = Kind(rawValue: "invalid reference")
        public static let invalidDigest = Kind(rawValue: "invalid digest")
        public static let digestMismatch = Kind(rawValue: "digest mismatch")
        public static let sizeMismatch = Kind(rawValue: "size mismatch")
        public static let unsupported = Kind(rawValue: "unsupported")
        public static let invalidImage = Kind(rawValue: "invalid image")
        public static let localFile = Kind(rawValue: "local file")
        public static let denied = Kind(rawValue: "access denied")
        public static let notFound = Kind(rawValue: "not found")
        public static let protocolError = Kind(rawValue: "registry protocol error")
        public static let transport = Kind(rawValue: "transport")
        public static let insecure = Kind(rawValue: "refused insecure connection")
    }

    public var kind: Kind
    public var message: String
    /// The HTTP status when the registry answered.
    public var status: Int?
    /// The registry's error codes (`BLOB_UNKNOWN`, `DENIED`, ...).
    public var codes: [String]
    public var retryable: Bool

    public init(_ kind: Kind, _ message: String, status: Int? = nil, codes: [String] = [], retryable: Bool = false) {
        self.kind = kind
        self.message = message
        self.status = status
        self.codes = codes
        self.retryable = retryable
    }

    public var isDenied: Bool { kind == .denied }
    public var description: String { message }

    static func transport(_ error: TransportError) -> RegistryError {
        RegistryError(.transport, error.description, retryable: error.isRetryable)
    }

    /// An unexpected answer: the status, the registry's error codes and messages (never headers, which
    /// may echo credentials).
    static func unexpected(_ response: HTTPResponse, doing what: String) -> RegistryError {
        var codes: [String] = []
        var messages: [String] = []
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
           let errors = object["errors"] as? [[String: Any]] {
            for error in errors {
                if let code = error["code"] as? String { codes.append(code) }
                if let message = error["message"] as? String { messages.append(message) }
            }
        }
        let detail = zip(codes, messages).map { "\($0): \($1)" }.joined(separator: "; ")
        let text = "\(what): HTTP \(response.status)" + (detail.isEmpty ? "" : " (\(detail))")
        let kind: Kind = switch response.status {
        case 401, 403: .denied
        case 404: .notFound
        default: .protocolError
        }
        let retryable = response.status == 429 || (500...599).contains(response.status) && response.status != 501
        return RegistryError(kind, text, status: response.status, codes: codes, retryable: retryable)
    }
}
