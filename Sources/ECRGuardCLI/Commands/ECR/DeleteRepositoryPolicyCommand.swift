import ArgumentParser
import ECRClient

struct DeleteRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-repository-policy", abstract: "Delete a repository's policy.")
    @OptionGroup var aws: AWSGlobalOptions
    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("DeleteRepositoryPolicy") { ecr throws(AWSClientError) in try ecr.deleteRepositoryPolicy(.init(repositoryName: repository.repositoryName, registryId: repository.registryId)) },
                          operation: "DeleteRepositoryPolicy")
    }
}
