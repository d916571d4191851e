import ECRClient
import Foundation

/// The one place a registry login is fetched from AWS: `ecr:GetAuthorizationToken` in the host's Region
/// (and account) for a private registry, `ecr-public:GetAuthorizationToken` (us-east-1) for ECR Public.
/// Both tokens are base64 `AWS:<password>`, valid 12 hours, used as Basic credentials by Docker clients.
/// The password is registered with `debugLog` as a secret before anything else can print it.
public enum ECRLogin {
    public static func token(for host: ECRRegistryHost, configuration: AWSClientConfiguration, debugLog: DebugLog? = nil,
                             clock: () -> Date = { Date() }) throws(AWSClientError) -> CachedRegistryToken {
        let requestedAt = clock()
        let login: (user: String, password: String)?
        let expiresAt: AWSTimestamp?
        let operation: String
        switch host.kind {
        case .private:
            operation = "GetAuthorizationToken"
            let service = try configuration.makeECR(debugLog: debugLog)
            let data = try service.getAuthorizationToken(.init(registryIds: host.registryId.map { [$0] })).authorizationData?.first
            (login, expiresAt) = (data?.decodedCredentials(), data?.expiresAt)
        case .public:
            operation = "ecr-public GetAuthorizationToken"
            let executor = try configuration.makeExecutor(debugLog: debugLog)
            let service = try configuration.ecrPublic(executor: executor)
            debugLog?.log("ECR Public endpoint \(service.client.endpoint.absoluteString), profile \(configuration.profileName)")
            let data = try service.getAuthorizationToken().authorizationData
            (login, expiresAt) = (data?.decodedCredentials(), data?.expiresAt)
        }
        guard let login, !login.password.isEmpty else {
            throw .malformedResponse(operation: operation, detail: "the answer holds no usable authorization token")
        }
        debugLog?.addSecret(login.password)
        return CachedRegistryToken(username: login.user, password: login.password, requestedAt: requestedAt,
                                   expiresAt: expiresAt?.date ?? requestedAt.addingTimeInterval(12 * 3600))
    }
}
