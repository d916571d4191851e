import ECRClient
import Foundation
import Registry

/// `docker-credential-ecrguard`: Docker runs it for registries listed under `credHelpers` with the value
/// `ecrguard`. Tokens come from `GetAuthorizationToken` through the ordinary AWS credential chain, in the
/// Region (and FIPS or dual-stack endpoint) the host names, or from ECR Public's (us-east-1) for
/// `public.ecr.aws`, and are cached in
/// `$ECRGUARD_CACHE_DIR/credentials.json` (default `~/.ecrguard/cache`).
@main
enum CredentialHelperMain {
    static func main() {
        let environment = ProcessEnvironment.current()
        let directory = environment["ECRGUARD_CACHE_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.ecrguard/cache"
        var helper = ECRCredentialHelper(cache: RegistryTokenCache(path: directory + "/credentials.json"), version: ECRClientVersion.current) { host in
            try fetchToken(host, environment: environment)
        }
        helper.programName = CommandLine.arguments.first ?? helper.programName
        let arguments = Array(CommandLine.arguments.dropFirst())
        let needsInput = ["get", "store", "erase"].contains(arguments.first ?? "")
        let input = needsInput ? FileHandle.standardInput.readDataToEndOfFile() : Data()
        let answer = helper.handle(arguments, input: input)
        FileHandle.standardOutput.write(Data(answer.output.utf8))
        if let diagnostic = answer.diagnostic { FileHandle.standardError.write(Data(("docker-credential-ecrguard: \(diagnostic)\n").utf8)) }
        exit(answer.status)
    }

    static func fetchToken(_ host: ECRRegistryHost, environment: [String: String]) throws -> CachedRegistryToken {
        var environment = environment
        if host.fips { environment["AWS_USE_FIPS_ENDPOINT"] = "true" }
        if host.dualStack { environment["AWS_USE_DUALSTACK_ENDPOINT"] = "true" }
        let configuration = try AWSClientConfiguration.resolve(AWSClientOptions(region: host.region), environment: environment)
        return try ECRLogin.token(for: host, configuration: configuration)
    }
}
