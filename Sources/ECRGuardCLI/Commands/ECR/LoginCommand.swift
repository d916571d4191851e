import ArgumentParser
import ECRClient
import Foundation
import Registry

/// `ecrguard ecr login [REGISTRY...]`: writes the Docker config so that `docker` (and `ecrguard push`)
/// can reach ECR: an `auths` entry with the token, or with `--helper` a `credHelpers` entry naming
/// `docker-credential-ecrguard`, which fetches and caches tokens itself.
struct LoginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "login", abstract: "Write Docker config credentials for ECR registries.")

    @Argument(help: "ECR registry hosts (default: the caller's own registry in the Region).")
    var registries: [String] = []

    @Flag(help: "Write credHelpers entries for docker-credential-ecrguard instead of storing tokens in auths.")
    var helper = false

    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let hosts = try registries.isEmpty ? [defaultRegistry()] : registries.map(Self.host)
        var config = try DockerConfigFile.load()
        for host in hosts {
            if helper {
                config.setHelper(host, "ecrguard")
            } else {
                let login = try token(for: host)
                config.setAuth(host, username: login.user, password: login.password)
            }
        }
        try config.save()
        for host in hosts { print("\(host): \(helper ? "credHelpers → docker-credential-ecrguard" : "token stored") in \(config.path)") }
    }

    /// An ECR host as Docker keys it (no scheme, no path); anything else is a usage error.
    static func host(_ argument: String) throws -> String {
        guard ECRRegistryHost(argument) != nil else {
            throw CLIFailure.usage("\(argument) is not an Amazon ECR registry host (ACCOUNT.dkr.ecr.REGION.amazonaws.com, its FIPS and dual-stack forms, public.ecr.aws)")
        }
        var text = argument.lowercased()
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        return String(text.prefix { $0 != "/" })
    }

    private func defaultRegistry() throws -> String {
        let session = try ECRSession(aws.settings)
        let response = try session.call("GetAuthorizationToken") { ecr throws(AWSClientError) in try ecr.getAuthorizationToken() }
        guard let endpoint = response.authorizationData?.first?.proxyEndpoint else {
            throw CLIFailure.runtime("GetAuthorizationToken: the answer names no registry (proxyEndpoint)")
        }
        return try Self.host(endpoint)
    }

    /// The host's token: ECR's GetAuthorizationToken in its Region and account, or ECR Public's (us-east-1).
    private func token(for host: String) throws -> (user: String, password: String) {
        guard let parsed = ECRRegistryHost(host) else { throw CLIFailure.usage("\(host) is not an Amazon ECR registry host") }
        var options = aws
        if options.region == nil || parsed.kind == .public { options.region = parsed.region }
        var environment = ProcessEnvironment.current()
        if parsed.fips { environment["AWS_USE_FIPS_ENDPOINT"] = "true" }
        if parsed.dualStack { environment["AWS_USE_DUALSTACK_ENDPOINT"] = "true" }
        let debugLog = options.debug ? DebugLog.standardError() : nil
        do {
            let configuration = try AWSClientConfiguration.resolve(options.clientOptions, environment: environment)
            let token = try ECRLogin.token(for: parsed, configuration: configuration, debugLog: debugLog)
            return (token.username, token.password)
        } catch {
            throw ECRSession.failure(error, operation: parsed.kind == .public ? "ecr-public GetAuthorizationToken" : "GetAuthorizationToken")
        }
    }
}

/// The Docker config file as a JSON object, every member kept as found; written atomically with mode 0600.
struct DockerConfigFile {
    var path: String
    var object: [String: Any]

    static func load(environment: [String: String] = ProcessEnvironment.current()) throws -> DockerConfigFile {
        let path = DockerConfig.path(environment: environment)
        guard let data = FileManager.default.contents(atPath: path) else { return DockerConfigFile(path: path, object: [:]) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIFailure.runtime("\(path): not a JSON object; not rewriting it")
        }
        return DockerConfigFile(path: path, object: object)
    }

    mutating func setAuth(_ host: String, username: String, password: String) {
        var auths = object["auths"] as? [String: Any] ?? [:]
        auths[host] = ["auth": Data("\(username):\(password)".utf8).base64EncodedString()]
        object["auths"] = auths
    }

    mutating func setHelper(_ host: String, _ helper: String) {
        var helpers = object["credHelpers"] as? [String: Any] ?? [:]
        helpers[host] = helper
        object["credHelpers"] = helpers
    }

    func save() throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        do { try AtomicFile.write(data + Data("\n".utf8), to: path, mode: 0o600) } catch { throw CLIFailure.runtime(error.description) }
    }
}
