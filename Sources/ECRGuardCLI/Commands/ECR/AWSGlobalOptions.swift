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
        if let connectTimeout, connectTimeout <= 0 { throw ValidationError("--cli-connect-timeout must be positive") }
        if let readTimeout, readTimeout <= 0 { throw ValidationError("--cli-read-timeout must be positive") }
    }

    /// The client settings for requests to `region` (nil: AWS_REGION, AWS_DEFAULT_REGION, the profile).
    func clientOptions(region: String?) -> AWSClientOptions {
        AWSClientOptions(region: region, profile: profile, endpointURL: endpointURL, caBundle: caBundle, debug: debug,
                         connectTimeout: connectTimeout, readTimeout: readTimeout)
    }
}
