import ArgumentParser
import ECRClient
import Foundation

/// Prints only the registry password, for `| docker login --username AWS --password-stdin REGISTRY`.
struct GetLoginPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-login-password", abstract: "Print a registry password for docker login.")

    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        let response = try session.call("GetAuthorizationToken") { ecr throws(AWSClientError) in try ecr.getAuthorizationToken() }
        guard let login = response.authorizationData?.first?.decodedCredentials() else {
            throw CLIFailure.runtime("GetAuthorizationToken: the answer holds no usable authorization token")
        }
        FileHandle.standardOutput.write(Data((login.password + "\n").utf8))
    }
}
