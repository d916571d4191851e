import Foundation

/// What credential sources may read: the environment, the shared files, a transport for STS and the
/// metadata endpoints, the clock. Built once by `AWSClientConfiguration`, replaced wholesale in tests.
public struct CredentialContext: Sendable {
    public var environment: [String: String]
    public var store: ProfileStore
    public var profileName: String
    /// True when the profile came from --profile (then environment keys are ignored, as in the AWS CLI).
    public var profileExplicit: Bool
    public var transport: any HTTPTransport
    /// Region and endpoint for STS calls.
    public var stsEndpoint: EndpointSettings
    public var clock: @Sendable () -> Date
    public var sleep: @Sendable (TimeInterval) -> Void
    public var debugLog: DebugLog?
    public var retry: RetryPolicy

    public init(environment: [String: String], store: ProfileStore, profileName: String, profileExplicit: Bool,
                transport: any HTTPTransport, stsEndpoint: EndpointSettings, clock: @escaping @Sendable () -> Date = { Date() },
                sleep: @escaping @Sendable (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) },
                debugLog: DebugLog? = nil, retry: RetryPolicy = RetryPolicy()) {
        self.environment = environment
        self.store = store
        self.profileName = profileName
        self.profileExplicit = profileExplicit
        self.transport = transport
        self.stsEndpoint = stsEndpoint
        self.clock = clock
        self.sleep = sleep
        self.debugLog = debugLog
        self.retry = retry
    }

    public var profile: [String: String]? { store.profile(profileName) }

    /// The SDK default chain, in botocore's order.
    public func defaultSources() -> [any CredentialSource] {
        var sources: [any CredentialSource] = []
        if !profileExplicit { sources.append(EnvironmentCredentialSource(environment: environment)) }
        sources.append(AssumeRoleCredentialSource(context: self, profileName: profileName))
        sources.append(WebIdentityCredentialSource(context: self, profile: profile))
        sources.append(ProfileKeysCredentialSource(context: self, profileName: profileName))
        sources.append(ContainerCredentialSource(context: self))
        sources.append(InstanceMetadataCredentialSource(context: self))
        return sources
    }

    func sts(credentials: (any CredentialProvider)?) throws(AWSClientError) -> STSClient {
        let executor = AWSRequestExecutor(transport: transport, credentials: credentials, retry: retry, clock: clock, sleep: sleep, debugLog: debugLog)
        return STSClient(executor: executor, endpoint: try EndpointResolver.resolve(.sts, stsEndpoint), region: stsEndpoint.region)
    }
}
