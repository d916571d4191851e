import ECRClient
import Foundation

/// The AWS services `import live` reads, with their wire protocol.
enum LiveService: String, Codable, Sendable, Comparable {
    case sts, iam, organizations, ecr

    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    var endpointService: EndpointResolver.Service {
        switch self {
        case .sts: .sts
        case .iam: .iam
        case .organizations: .organizations
        case .ecr: .ecr
        }
    }

    /// IAM and STS speak the query protocol (form body, XML answer); the others JSON 1.1.
    var isQueryProtocol: Bool { self == .iam || self == .sts }

    var jsonTargetPrefix: String {
        switch self {
        case .organizations: Organizations.targetPrefix
        default: ECR.targetPrefix
        }
    }

    var queryVersion: String { self == .iam ? "2010-05-08" : "2011-06-15" }
}

/// One read of `import live`: which account, Region and operation, and what it is about (a repository
/// name, a policy id, an organization target). It names the answer in a snapshot and a gap in the report.
struct LiveCall: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    var account: String
    /// `global` for IAM and Organizations.
    var region: String
    var service: LiveService
    var operation: String
    var subject: String?

    static let globalRegion = "global"

    init(account: String, region: String = LiveCall.globalRegion, service: LiveService, operation: String, subject: String? = nil) {
        self.account = account
        self.region = region
        self.service = service
        self.operation = operation
        self.subject = subject
    }

    /// `ecr:GetRepositoryPolicy 123456789012/us-east-1/api`.
    var description: String {
        "\(service.rawValue):\(operation) \(account)/\(region)" + (subject.map { "/\($0)" } ?? "")
    }

    static func < (a: Self, b: Self) -> Bool {
        (a.account, a.region, a.service, a.operation, a.subject ?? "") < (b.account, b.region, b.service, b.operation, b.subject ?? "")
    }
}

/// What a call sends besides its name: JSON members or query parameters.
enum LiveRequestBody: Sendable {
    case json([(String, JSONValue)])
    case query([(String, String)])
}

/// A call and its parameters. The page token is added by the pager and is not part of the call's name.
struct LiveRequest: Sendable {
    var call: LiveCall
    var body: LiveRequestBody

    static func json(_ call: LiveCall, _ members: [(String, JSONValue)] = []) -> LiveRequest {
        LiveRequest(call: call, body: .json(members))
    }

    static func query(_ call: LiveCall, _ parameters: [(String, String)] = []) -> LiveRequest {
        LiveRequest(call: call, body: .query(parameters))
    }
}

/// A call that did not return an answer: the AWS error code (or a transport failure) and its message.
struct LiveCallFailure: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    var code: String
    var message: String
    /// HTTP status; 0 when nothing came back.
    var status: Int

    var description: String { message.isEmpty ? code : "\(code): \(message)" }

    /// AWS's ways of saying "not allowed": each one becomes IMPORT_ACCESS_DENIED.
    static let accessDeniedCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException",
        "InvalidClientTokenId", "ExpiredToken", "AuthorizationError", "SignatureDoesNotMatch",
    ]

    var isAccessDenied: Bool { Self.accessDeniedCodes.contains(code) || status == 403 }

    init(code: String, message: String, status: Int) {
        self.code = code
        self.message = message
        self.status = status
    }

    init(_ error: AWSClientError) {
        switch error {
        case .service(let service): self.init(code: service.code, message: service.message, status: service.status)
        case .transport(let transport): self.init(code: "TransportError", message: transport.description, status: 0)
        case .malformedResponse(_, let detail): self.init(code: "MalformedResponse", message: detail, status: 0)
        default: self.init(code: "ClientError", message: error.description, status: 0)
        }
    }
}

/// A read that failed, kept for the import report (never turned into "nothing there").
struct LiveFailure: Error, Sendable, Hashable, Codable {
    var call: LiveCall
    var failure: LiveCallFailure
}
