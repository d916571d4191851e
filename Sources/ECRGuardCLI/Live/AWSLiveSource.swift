import ECRClient
import Foundation

/// Answers from AWS: signs each call for its service and Region, assumes `roleName` in every account
/// but the caller's (once per account), retries in the standard mode with throttling backoff, and
/// shares one pool of connections and one `--max-rate` bucket across all threads.
final class AWSLiveSource: LiveSource, @unchecked Sendable {
    let configuration: AWSClientConfiguration
    let baseCredentials: any CredentialProvider
    let transport: PooledTransport
    let roleName: String
    let externalId: String?
    let debugLog: DebugLog?
    private let quota = RetryQuota()
    private let lock = NSLock()
    private var accounts: [String: Result<any CredentialProvider, LiveCallFailure>] = [:]

    init(configuration: AWSClientConfiguration, roleName: String, externalId: String?, maxRate: Double?, debugLog: DebugLog?) throws(AWSClientError) {
        self.configuration = configuration
        guard let credentials = try configuration.makeExecutor(debugLog: debugLog).credentials else { throw .credentials("no credential provider") }
        baseCredentials = credentials
        let options = TransportOptions(connectTimeout: configuration.connectTimeout, totalTimeout: configuration.readTimeout,
                                       caBundle: configuration.caBundle, debugLog: debugLog)
        transport = PooledTransport(bucket: maxRate.map { TokenBucket(rate: $0) }) { () throws(TransportError) -> any HTTPTransport in
            try CurlTransport(options: options)
        }
        self.roleName = roleName
        self.externalId = externalId
        self.debugLog = debugLog
    }

    /// HTTP requests sent so far (retries included).
    var requestsSent: Int { transport.sent }

    func enter(account: String, callerAccount: String) throws(LiveCallFailure) {
        setCaller(callerAccount)
        _ = try credentials(account: account, callerAccount: callerAccount)
    }

    private func credentials(account: String, callerAccount: String?) throws(LiveCallFailure) -> any CredentialProvider {
        guard let callerAccount, account != callerAccount, account != "caller" else { return baseCredentials }
        lock.lock()
        defer { lock.unlock() }
        if let known = accounts[account] { return try known.get() }
        let result: Result<any CredentialProvider, LiveCallFailure>
        do throws(AWSClientError) {
            let partition = Partition.of(region: configuration.region).name
            let sts = try configuration.sts(executor: executor(baseCredentials))
            let answer = try sts.assumeRole(STS.AssumeRoleRequest(roleArn: "arn:\(partition):iam::\(account):role/\(roleName)",
                                                                  roleSessionName: "ecrguard-import", externalId: externalId))
            guard let key = answer.credentials?.accessKeyId, let secret = answer.credentials?.secretAccessKey,
                  let token = answer.credentials?.sessionToken else {
                throw AWSClientError.malformedResponse(operation: "sts:AssumeRole", detail: "no Credentials in the answer")
            }
            debugLog?.addSecret(secret)
            debugLog?.addSecret(token)
            result = .success(StaticCredentialProvider(AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token,
                                                                      expiration: answer.credentials?.expiration?.date, source: "assume-role")))
        } catch {
            result = .failure(LiveCallFailure(error))
        }
        accounts[account] = result
        return try result.get()
    }

    private var callerAccount: String?

    /// Set once the caller is known (`sts:GetCallerIdentity`): calls to that account use the caller's credentials.
    func setCaller(_ account: String) {
        lock.lock()
        callerAccount = account
        lock.unlock()
    }

    func answer(_ request: LiveRequest, page: Int) throws(LiveCallFailure) -> Data {
        lock.lock()
        let caller = callerAccount
        lock.unlock()
        let call = request.call
        let credentials = try credentials(account: call.account, callerAccount: caller)
        let region = call.region == LiveCall.globalRegion ? configuration.region : call.region
        let service = call.service.endpointService
        let signingRegion = EndpointResolver.signingRegion(service, region: region)
        let url: URL
        do { url = try endpoint(service, region: region) } catch { throw LiveCallFailure(error) }
        let httpRequest: HTTPRequest
        switch request.body {
        case .json(let members):
            httpRequest = HTTPRequest(method: "POST", endpoint: url, headers: [
                HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                HTTPHeader("X-Amz-Target", "\(call.service.jsonTargetPrefix).\(call.operation)"),
            ], body: Data(JSONValue.object(members).compact.utf8))
        case .query(let parameters):
            let all = [("Action", call.operation), ("Version", call.service.queryVersion)] + parameters
            let body = all.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
            httpRequest = HTTPRequest(method: "POST", endpoint: url,
                                      headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                      body: Data(body.utf8))
        }
        do {
            return try executor(credentials).send(httpRequest, signer: SigV4Signer(service: service.rawValue, region: signingRegion),
                                                  operation: call.operation).body
        } catch {
            throw LiveCallFailure(error)
        }
    }

    private func executor(_ credentials: any CredentialProvider) -> AWSRequestExecutor {
        AWSRequestExecutor(transport: transport, credentials: credentials, retry: configuration.retry, quota: quota, debugLog: debugLog)
    }

    /// `--endpoint-url` and `AWS_ENDPOINT_URL_ECR` for ECR (each Region its own endpoint); the configured
    /// endpoints (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile) for the others.
    private func endpoint(_ service: EndpointResolver.Service, region: String) throws(AWSClientError) -> URL {
        guard service == .ecr else { return try configuration.endpoint(service).url }
        let settings = configuration.ecrEndpoint
        return try EndpointResolver.resolve(.ecr, EndpointSettings(region: region, useFIPS: settings.useFIPS,
                                                                   useDualStack: settings.useDualStack, override: settings.override))
    }
}
