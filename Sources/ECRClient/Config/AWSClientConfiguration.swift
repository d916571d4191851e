import Foundation

/// Everything needed to talk to ECR, resolved like the AWS CLI resolves it:
/// profile `--profile` > `AWS_PROFILE` > `default`; region `--region` > `AWS_REGION` > `AWS_DEFAULT_REGION`
/// > the profile's `region`; endpoint `--endpoint-url` > `AWS_ENDPOINT_URL_ECR` > `AWS_ENDPOINT_URL` >
/// the profile's; CA bundle `--ca-bundle` > `AWS_CA_BUNDLE` > the profile's `ca_bundle`;
/// FIPS/dual-stack from `AWS_USE_FIPS_ENDPOINT`/`AWS_USE_DUALSTACK_ENDPOINT` or the profile.
public struct AWSClientConfiguration: Sendable {
    public var environment: [String: String]
    public var store: ProfileStore
    public var profileName: String
    public var profileExplicit: Bool
    public var region: String
    public var ecrEndpoint: EndpointSettings
    public var stsEndpoint: EndpointSettings
    public var iamEndpoint: EndpointSettings
    public var organizationsEndpoint: EndpointSettings
    public var ecrPublicEndpoint: EndpointSettings
    public var caBundle: String?
    public var retry: RetryPolicy
    public var connectTimeout: TimeInterval
    public var readTimeout: TimeInterval
    public var debug: Bool

    public static func resolve(_ options: AWSClientOptions, environment: [String: String],
                               store: ProfileStore? = nil) throws(AWSClientError) -> AWSClientConfiguration {
        let store = store ?? ProfileStore.load(environment: environment)
        let profileName = options.profile ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        let profile = store.profile(profileName)
        if profile == nil && profileName != "default" {
            throw .configuration("the config profile (\(profileName)) could not be found")
        }
        func nonEmpty(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        guard let region = nonEmpty(options.region) ?? nonEmpty(environment["AWS_REGION"]) ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
            ?? nonEmpty(profile?["region"]) else {
            throw .configuration("you must specify a region (--region, AWS_REGION, or 'region' in the profile)")
        }
        func flag(_ env: String, _ key: String) -> Bool {
            (environment[env] ?? profile?[key])?.lowercased() == "true"
        }
        let useFIPS = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")
        let useDualStack = flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")
        let ecrOverride = nonEmpty(options.endpointURL)
            ?? EndpointResolver.configuredOverride(.ecr, environment: environment, profile: profile, store: store)
        func settings(_ service: EndpointResolver.Service) -> EndpointSettings {
            EndpointSettings(region: region, useFIPS: useFIPS, useDualStack: useDualStack,
                             override: EndpointResolver.configuredOverride(service, environment: environment, profile: profile, store: store))
        }
        let ecrEndpoint = EndpointSettings(region: region, useFIPS: useFIPS, useDualStack: useDualStack, override: ecrOverride)
        _ = try EndpointResolver.resolve(.ecr, ecrEndpoint)
        return AWSClientConfiguration(
            environment: environment, store: store, profileName: profileName, profileExplicit: options.profile != nil,
            region: region, ecrEndpoint: ecrEndpoint,
            stsEndpoint: settings(.sts), iamEndpoint: settings(.iam), organizationsEndpoint: settings(.organizations),
            ecrPublicEndpoint: settings(.ecrPublic),
            caBundle: nonEmpty(options.caBundle) ?? nonEmpty(environment["AWS_CA_BUNDLE"]) ?? nonEmpty(profile?["ca_bundle"]),
            retry: RetryPolicy.standard(environment: environment, profileValue: profile?["max_attempts"]),
            connectTimeout: options.connectTimeout ?? 10, readTimeout: options.readTimeout ?? 60, debug: options.debug)
    }

    /// The ECR client with the default credential chain. Transports are libcurl unless given (tests).
    public func makeECR(transport: (any HTTPTransport)? = nil, credentialTransport: (any HTTPTransport)? = nil,
                        debugLog: DebugLog? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                        sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws(AWSClientError) -> ECR {
        let executor = try makeExecutor(transport: transport, credentialTransport: credentialTransport, debugLog: debugLog, clock: clock, sleep: sleep)
        let ecr = try ecr(executor: executor)
        debugLog?.log("ECR endpoint \(ecr.client.endpoint.absoluteString), region \(region), profile \(profileName)")
        return ecr
    }

    /// The signer, retry and transport stack every client shares, with the default credential chain.
    /// Transports are libcurl unless given (tests).
    public func makeExecutor(transport: (any HTTPTransport)? = nil, credentialTransport: (any HTTPTransport)? = nil,
                             debugLog: DebugLog? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                             sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) throws(AWSClientError) -> AWSRequestExecutor {
        if let caBundle, !FileManager.default.isReadableFile(atPath: caBundle) {
            throw .configuration("cannot read CA bundle \(caBundle)")
        }
        let transport: any HTTPTransport = if let transport { transport } else {
            try makeTransport(connect: connectTimeout, total: readTimeout, debugLog: debugLog)
        }
        let credentialTransport: any HTTPTransport = if let credentialTransport { credentialTransport } else {
            try makeTransport(connect: 2, total: 10, debugLog: debugLog)
        }
        let context = CredentialContext(environment: environment, store: store, profileName: profileName, profileExplicit: profileExplicit,
                                        transport: credentialTransport, stsEndpoint: stsEndpoint, clock: clock, sleep: sleep,
                                        debugLog: debugLog, retry: retry)
        let credentials = CredentialCache(sources: context.defaultSources()) { found in
            debugLog?.addSecret(found.secretAccessKey)
            if let token = found.sessionToken { debugLog?.addSecret(token) }
            debugLog?.log("credentials: \(found)")
        }
        return AWSRequestExecutor(transport: transport, credentials: credentials, retry: retry, clock: clock, sleep: sleep, debugLog: debugLog)
    }

    /// The endpoint and signing region of a service under these settings.
    public func endpoint(_ service: EndpointResolver.Service) throws(AWSClientError) -> (url: URL, signingRegion: String) {
        let settings = switch service {
        case .ecr: ecrEndpoint
        case .sts: stsEndpoint
        case .iam: iamEndpoint
        case .organizations: organizationsEndpoint
        case .ecrPublic: ecrPublicEndpoint
        }
        return (try EndpointResolver.resolve(service, settings), EndpointResolver.signingRegion(service, region: region))
    }

    /// A generated client on `executor`, at its service's endpoint and signed for its region.
    public func client<Client: AWSServiceClient>(executor: AWSRequestExecutor) throws(AWSClientError) -> Client {
        let endpoint = try endpoint(Client.service)
        return Client(executor: executor, endpoint: endpoint.url, region: endpoint.signingRegion)
    }

    /// The generated ECR client (Sources/ECRClient/Generated/ECR) on `executor`.
    public func ecr(executor: AWSRequestExecutor) throws(AWSClientError) -> ECR { try client(executor: executor) }

    /// The generated IAM client (global: signed for us-east-1 in the `aws` partition).
    public func iam(executor: AWSRequestExecutor) throws(AWSClientError) -> IAM { try client(executor: executor) }

    /// The generated STS client (regional endpoint of the configured region).
    public func sts(executor: AWSRequestExecutor) throws(AWSClientError) -> STS { try client(executor: executor) }

    /// The generated Organizations client (global: signed for us-east-1 in the `aws` partition).
    public func organizations(executor: AWSRequestExecutor) throws(AWSClientError) -> Organizations { try client(executor: executor) }

    /// The generated ECR Public client (us-east-1 only, signed as `ecr-public`).
    public func ecrPublic(executor: AWSRequestExecutor) throws(AWSClientError) -> ECRPublic { try client(executor: executor) }

    private func makeTransport(connect: TimeInterval, total: TimeInterval, debugLog: DebugLog?) throws(AWSClientError) -> CurlTransport {
        do {
            return try CurlTransport(options: TransportOptions(connectTimeout: connect, totalTimeout: total, caBundle: caBundle, debugLog: debugLog))
        } catch {
            throw .transport(error)
        }
    }
}

/// A generated service client (Sources/ECRClient/Generated): which endpoint it talks to, and how it
/// is made from an executor, that endpoint and the signing region (`AWSClientConfiguration.client`).
public protocol AWSServiceClient {
    static var service: EndpointResolver.Service { get }
    init(executor: AWSRequestExecutor, endpoint: URL, region: String)
}

extension ECR: AWSServiceClient { public static var service: EndpointResolver.Service { .ecr } }
extension IAM: AWSServiceClient { public static var service: EndpointResolver.Service { .iam } }
extension STS: AWSServiceClient { public static var service: EndpointResolver.Service { .sts } }
extension Organizations: AWSServiceClient { public static var service: EndpointResolver.Service { .organizations } }
extension ECRPublic: AWSServiceClient { public static var service: EndpointResolver.Service { .ecrPublic } }
