import ArgumentParser
import ECRClient
import Foundation

/// Prints only the registry password, for `| docker login --username AWS --password-stdin REGISTRY`.
struct GetLoginPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-login-password", abstract: "Print a registry password for docker login.")

    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        try Self.run(aws.settings)
    }

    /// Also called directly by `ECRGuard.runMain` when the arguments are global options it reads
    /// without ArgumentParser (`ECRCallSettings.read(commandLine:)`).
    static func run(_ settings: ECRCallSettings) throws {
        let session = try ECRSession(settings)
        let response = try session.call("GetAuthorizationToken") { ecr throws(AWSClientError) in try ecr.getAuthorizationToken() }
        guard let login = response.authorizationData?.first?.decodedCredentials() else {
            throw CLIFailure.runtime("GetAuthorizationToken: the answer holds no usable authorization token")
        }
        FileHandle.standardOutput.write(Data(utf8Of: login.password + "\n"))
    }
}
