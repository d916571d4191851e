import ArgumentParser
import ECRClient
import Foundation
import Registry

/// How ecrguard authenticates to a registry.
enum RegistryAuthMode: String, CaseIterable, ExpressibleByArgument {
    /// ECR hosts: an ECR authorization token (ECR Public: its token when AWS credentials exist, else anonymous);
    /// others: the Docker config (credHelpers, credsStore, auths); else anonymous.
    case auto
    /// An ECR authorization token from GetAuthorizationToken whatever the host (a registry fronting ECR).
    case ecr
    /// The Docker config only.
    case dockerConfig = "docker-config"
    case anonymous
}

/// Options every image command shares: credentials, TLS, parallelism, progress, and how to reach ECR for tokens.
struct RegistryAccessOptions: ParsableArguments {
    @Option(help: "How to authenticate: auto (ECR token for ECR hosts, else the Docker config, else anonymous), ecr, docker-config, anonymous.")
    var auth: RegistryAuthMode = .auto

    @Option(help: "User name for Basic or token authentication; the password is read from stdin (--password-stdin).")
    var username: String?

    @Flag(help: "Read the password for --username from stdin.")
    var passwordStdin = false

    @Flag(help: "Speak plain HTTP to a loopback registry (127.0.0.1, localhost, ::1); refused for any other host.")
    var plainHTTP = false

    @Option(help: "Blobs transferred at the same time (default 4).")
    var parallel: Int = 4

    @Option(help: "Blobs up to this many MiB are uploaded in one request, larger ones in resumable chunks of this size (default 32).")
    var chunkSize: Int = 32

    @Flag(help: "No progress bar, even on a terminal.")
    var noProgress = false

    @Option(help: "The AWS Region for ECR tokens when the host does not name one (default: AWS_REGION, AWS_DEFAULT_REGION, the profile).")
    var region: String?

    @OptionGroup var connection: AWSConnectionOptions

    func validate() throws {
        if parallel < 1 || parallel > 32 { throw ValidationError("--parallel must be between 1 and 32") }
        if chunkSize < 1 { throw ValidationError("--chunk-size must be at least 1 (MiB)") }
        if passwordStdin != (username != nil) { throw ValidationError("--username and --password-stdin go together") }
    }
}

/// Turns the options into registry clients: one per registry host, each with its credentials.
final class RegistrySession {
    let options: RegistryAccessOptions
    let environment: [String: String]
    let debugLog: DebugLog?
    private var password: String?

    init(_ options: RegistryAccessOptions, environment: [String: String] = ProcessEnvironment.current()) throws {
        self.options = options
        self.environment = environment
        debugLog = options.connection.debug ? DebugLog.standardError() : nil
        if options.passwordStdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
            guard !text.isEmpty else { throw CLIFailure.usage("--password-stdin: stdin is empty") }
            password = text
        }
    }

    func client(for registry: String) throws -> RegistryClient {
        let caBundle = options.connection.caBundle ?? environment["AWS_CA_BUNDLE"]
        let transport = TransportOptions(connectTimeout: options.connection.connectTimeout ?? 10, totalTimeout: options.connection.readTimeout ?? 60,
                                         caBundle: caBundle, debugLog: debugLog)
        let clientOptions = RegistryClientOptions(transport: transport, plainHTTP: options.plainHTTP,
                                                  chunkSize: Int64(options.chunkSize) * 1024 * 1024)
        do {
            return try RegistryClient(registry: registry, credentials: try credentials(for: registry), options: clientOptions)
        } catch let error as RegistryError {
            throw CLIFailure.runtime(error.description)
        }
    }

    func credentials(for registry: String) throws -> RegistryCredentials {
        if let username = options.username, let password { return .basic(username: username, password: password) }
        switch options.auth {
        case .anonymous: return .anonymous
        case .ecr: return try ecrToken(region: options.region, registryId: nil)
        case .dockerConfig: return try DockerConfig.load(environment: environment).credentials(for: registry) ?? .anonymous
        case .auto:
            if let host = ECRRegistryHost(registry) {
                switch host.kind {
                case .private: return try ecrToken(region: host.region, registryId: host.registryId, fips: host.fips, dualStack: host.dualStack)
                case .public: return try ecrPublicToken(host)
                }
            }
            return try DockerConfig.load(environment: environment).credentials(for: registry) ?? .anonymous
        }
    }

    /// The AWS settings for a Region (and FIPS or dual-stack endpoint), as the AWS CLI resolves them.
    private func configuration(region: String?, fips: Bool, dualStack: Bool) throws(AWSClientError) -> AWSClientConfiguration {
        var environment = self.environment
        if fips { environment["AWS_USE_FIPS_ENDPOINT"] = "true" }
        if dualStack { environment["AWS_USE_DUALSTACK_ENDPOINT"] = "true" }
        return try AWSClientConfiguration.resolve(options.connection.clientOptions(region: region ?? options.region), environment: environment)
    }

    /// The ECR API client for a Region (and FIPS or dual-stack endpoint), through the ordinary AWS settings.
    func ecrService(region: String?, fips: Bool = false, dualStack: Bool = false) throws -> ECR {
        do {
            return try configuration(region: region, fips: fips, dualStack: dualStack).makeECR(debugLog: debugLog)
        } catch { throw CLIFailure.runtime(error.description) }
    }

    /// `GetAuthorizationToken` through the ordinary AWS credential chain; the token is user `AWS` and the decoded password.
    private func ecrToken(region: String?, registryId: String?, fips: Bool = false, dualStack: Bool = false) throws -> RegistryCredentials {
        let host = ECRRegistryHost(kind: .private, registryId: registryId, region: region ?? "", fips: fips, dualStack: dualStack)
        do {
            let token = try ECRLogin.token(for: host, configuration: configuration(region: region, fips: fips, dualStack: dualStack), debugLog: debugLog)
            return .basic(username: token.username, password: token.password)
        } catch { throw ECRSession.failure(error, operation: "GetAuthorizationToken") }
    }

    /// ECR Public (`public.ecr.aws`): its token (us-east-1) when AWS credentials are available, anonymous when
    /// the credential chain has none. Credentials that are there but fail, or a token request that fails,
    /// are an error: never a silent fall back to anonymous access.
    private func ecrPublicToken(_ host: ECRRegistryHost) throws -> RegistryCredentials {
        do {
            let token = try ECRLogin.token(for: host, configuration: configuration(region: host.region, fips: host.fips, dualStack: host.dualStack),
                                           debugLog: debugLog)
            return .basic(username: token.username, password: token.password)
        } catch .noCredentials {
            debugLog?.log("ECR Public: no AWS credentials; anonymous access")
            return .anonymous
        } catch { throw ECRSession.failure(error, operation: "ecr-public GetAuthorizationToken") }
    }

    /// A progress display on stderr when it is a terminal.
    func progress(_ verb: String) -> TransferProgress? {
        guard !options.noProgress, isatty(STDERR_FILENO) == 1 else { return nil }
        let bar = ProgressBar(label: verb)
        return TransferProgress { progress in
            let finished = progress.totalBlobs > 0 && progress.doneBlobs == progress.totalBlobs
            let detail = String(format: "%.1f/%.1f MB  %d/%d blobs", Double(progress.doneBytes) / 1e6, Double(progress.totalBytes) / 1e6,
                                progress.doneBlobs, progress.totalBlobs)
            bar.update(fraction: Double(progress.doneBytes) / Double(max(progress.totalBytes, 1)), detail: detail, final: finished)
        }
    }

    func parse(_ text: String) throws -> ImageReference {
        do { return try ImageReference(parsing: text) } catch { throw CLIFailure.usage(error.description) }
    }
}
