import ArgumentParser
import ECRClient

struct DeleteRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-repository-policy", abstract: "Delete a repository's policy.")
    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("registry-id")) var registryId: String?

    func run() throws {
        let session = try ECRSession(aws)
        ECRSession.print(try session.perform(DeleteRepositoryPolicy(repositoryName: repositoryName, registryId: registryId)).1)
    }
}
