import ArgumentParser
import ECRClient

struct GetAuthorizationTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-authorization-token", abstract: "Get registry authorization data (the token is printed, as by the AWS CLI).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("registry-ids"), parsing: .upToNextOption) var registryIds: [String] = []

    func run() throws {
        let session = try ECRSession(aws)
        let answer = try session.call("GetAuthorizationToken") { ecr throws(AWSClientError) in
            try ecr.getAuthorizationToken(.init(registryIds: registryIds.isEmpty ? nil : registryIds))
        }
        try session.print(answer, operation: "GetAuthorizationToken")
    }
}
