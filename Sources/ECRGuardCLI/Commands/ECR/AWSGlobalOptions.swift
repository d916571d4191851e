import ArgumentParser
import ECRClient
import Foundation
import JMESPath

/// The AWS CLI's global options, accepted by every `ecrguard ecr` operation.
struct AWSGlobalOptions: ParsableArguments {
    @Option(help: "The AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).")
    var region: String?

    @OptionGroup var connection: AWSConnectionOptions

    @Option(help: "The AWS CLI's output layout (default: AWS_DEFAULT_OUTPUT, then the profile's output, then json).")
    var output: OutputFormat?

    @Option(help: "A JMESPath expression applied to the answer before it is printed, as the AWS CLI's --query.",
            transform: { try JMESPath.Expression(compiling: $0) })
    var query: JMESPath.Expression?

    var debug: Bool { connection.debug }
    var clientOptions: AWSClientOptions { connection.clientOptions(region: region) }
}

/// How to reach AWS, without the Region: `plan` and `apply` take the Region of each registry from the
/// manifest (their `--region` selects registries), the `ecr` operations take it from `AWSGlobalOptions`.
struct AWSConnectionOptions: ParsableArguments {
    @Option(help: "A named profile from the shared config/credentials files (default: AWS_PROFILE, then 'default').")
    var profile: String?

    @Option(name: .customLong("endpoint-url"), help: "Send requests to this URL instead of the ECR endpoint (also AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL).")
    var endpointURL: String?

    @Option(name: .customLong("ca-bundle"), help: "PEM file of CAs to trust for TLS (also AWS_CA_BUNDLE). Verification is never turned off.")
    var caBundle: String?

    @Flag(help: "Log requests and responses to stderr, with signatures, tokens and secret keys redacted.")
    var debug = false

    @Option(name: .customLong("cli-connect-timeout"), help: "Seconds to wait for a connection (default 10).")
    var connectTimeout: Double?

    @Option(name: .customLong("cli-read-timeout"), help: "Seconds to wait for a whole response (default 60).")
    var readTimeout: Double?

    func validate() throws {
        for (option, seconds) in [("--cli-connect-timeout", connectTimeout), ("--cli-read-timeout", readTimeout)] {
            guard let seconds else { continue }
            // NaN is not positive either; infinity and huge values would overflow libcurl's milliseconds.
            if !(seconds > 0) { throw ValidationError("\(option) must be positive") }
            if !(seconds < Self.maxTimeout) { throw ValidationError("\(option) must be less than \(Int(Self.maxTimeout)) seconds") }
        }
    }

    /// The longest timeout accepted (about 31 years).
    static let maxTimeout: Double = 1e9

    /// The client settings for requests to `region` (nil: AWS_REGION, AWS_DEFAULT_REGION, the profile).
    func clientOptions(region: String?) -> AWSClientOptions {
        AWSClientOptions(region: region, profile: profile, endpointURL: endpointURL, caBundle: caBundle, debug: debug,
                         connectTimeout: connectTimeout, readTimeout: readTimeout)
    }
}

/// What `AWSGlobalOptions` says, as plain values: all `ECRSession` needs.
struct ECRCallSettings {
    var client = AWSClientOptions()
    var output: OutputFormat?
    var query: JMESPath.Expression?

    /// The settings of `arguments` (`--region R`, `--debug`, ...): read directly when every argument
    /// is one this reads exactly as `AWSGlobalOptions` would, else by ArgumentParser, which gives its
    /// messages for what is wrong (usage errors, exit 64).
    static func parse(_ arguments: [String]) throws -> ECRCallSettings {
        if let settings = read(arguments) { return settings }
        return try ModelCommand.parseOptions(AWSGlobalOptions.self, arguments).settings
    }

    /// Reads `--option value` pairs and `--debug` without ArgumentParser, whose reflection over the
    /// option groups was the largest share of a call's own CPU time (docs/benchmarks.md). nil for
    /// anything else: an unknown or repeated option, a missing or empty value, a value that begins
    /// with `-`, an `--output` that is not a format, a `--query` that does not compile, a timeout
    /// that is not a positive number.
    static func read(_ arguments: [String]) -> ECRCallSettings? {
        var settings = ECRCallSettings()
        let plain = PlainOptions.read(arguments, flags: ["--debug"]) { option, value in
            switch (option, value) {
            case ("--debug", nil): settings.client.debug = true
            case ("--region", let value?): settings.client.region = value
            case ("--profile", let value?): settings.client.profile = value
            case ("--endpoint-url", let value?): settings.client.endpointURL = value
            case ("--ca-bundle", let value?): settings.client.caBundle = value
            case ("--output", let value?):
                guard let format = OutputFormat(rawValue: value) else { return false }
                settings.output = format
            case ("--query", let value?):
                guard let expression = try? JMESPath.Expression(compiling: value) else { return false }
                settings.query = expression
            case ("--cli-connect-timeout", let value?):
                guard let seconds = positiveSeconds(value) else { return false }
                settings.client.connectTimeout = seconds
            case ("--cli-read-timeout", let value?):
                guard let seconds = positiveSeconds(value) else { return false }
                settings.client.readTimeout = seconds
            default:
                return false
            }
            return true
        }
        return plain ? settings : nil
    }

    /// `read` of a command line as ArgumentParser splits it: `--option=value` is `--option value`.
    static func read(commandLine arguments: [String]) -> ECRCallSettings? {
        read(arguments.flatMap { argument -> [String] in
            guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return [argument] }
            return [String(argument[..<equals]), String(argument[argument.index(after: equals)...])]
        })
    }

    /// `Double(argument:)` as ArgumentParser reads it, then `AWSConnectionOptions.validate()`.
    private static func positiveSeconds(_ text: String) -> Double? {
        guard let seconds = Double(text), seconds > 0, seconds < AWSConnectionOptions.maxTimeout else { return nil }
        return seconds
    }
}

extension AWSGlobalOptions {
    var settings: ECRCallSettings { ECRCallSettings(client: clientOptions, output: output, query: query) }
}
