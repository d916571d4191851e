import ArgumentParser
import ECRClient

struct GetRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-repository-policy", abstract: "Print a repository's policy.")
    @OptionGroup var aws: AWSGlobalOptions
    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.perform(GetRepositoryPolicy(repositoryName: repository.repositoryName, registryId: repository.registryId)).1,
                          operation: GetRepositoryPolicy.operationName)
    }
}
