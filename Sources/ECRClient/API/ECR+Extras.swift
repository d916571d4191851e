import Foundation

/// What ecrguard adds to the generated ECR client (Sources/ECRClient/Generated/ECR).
extension ECR {
    /// The Region requests are signed for.
    public var region: String { client.signingRegion }

    /// The signing, retry and transport stack this client sends through.
    public var executor: AWSRequestExecutor { client.executor }

    /// Every item of a paged operation, following its token (`ECR.paginators`).
    public func allRepositories(_ input: DescribeRepositoriesRequest = .init()) throws(AWSClientError) -> [Repository] {
        try describeRepositoriesPaginator(input).allPages().flatMap { $0.repositories ?? [] }
    }
}

extension ECR.AuthorizationData {
    /// The user name and password inside `authorizationToken` (base64 of `AWS:<password>`).
    public func decodedCredentials() -> (user: String, password: String)? {
        ECRAuthorizationToken.decode(authorizationToken)
    }
}

extension ECRPublic.AuthorizationData {
    /// The user name and password inside `authorizationToken` (base64 of `AWS:<password>`, as ECR's).
    public func decodedCredentials() -> (user: String, password: String)? {
        ECRAuthorizationToken.decode(authorizationToken)
    }
}

/// The registry login inside an ECR or ECR Public authorization token: base64 of `user:password`.
enum ECRAuthorizationToken {
    static func decode(_ token: String?) -> (user: String, password: String)? {
        guard let token, let data = Data(base64Encoded: token),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }
}

extension AWSClientError {
    /// True when the service answered with `code` (`error.isCode(ECR.ErrorCode.repositoryNotFoundException)`).
    public func isCode<Code: RawRepresentable>(_ code: Code) -> Bool where Code.RawValue == String {
        self.code == code.rawValue
    }
}
