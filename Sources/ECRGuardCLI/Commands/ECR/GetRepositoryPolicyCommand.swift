import ArgumentParser
import ECRClient

struct GetRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-repository-policy", abstract: "Print a repository's policy.")
    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("registry-id")) var registryId: String?

    func run() throws {
        let session = try ECRSession(aws)
        ECRSession.print(try session.perform(GetRepositoryPolicy(repositoryName: repositoryName, registryId: registryId)).1)
    }
}
