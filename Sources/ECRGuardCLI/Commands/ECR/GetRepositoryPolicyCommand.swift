import ArgumentParser
import ECRClient

struct GetRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-repository-policy", abstract: "Print a repository's policy.")
    @OptionGroup var aws: AWSGlobalOptions
    @OptionGroup var repository: RepositoryOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("GetRepositoryPolicy") { ecr throws(AWSClientError) in try ecr.getRepositoryPolicy(.init(repositoryName: repository.repositoryName, registryId: repository.registryId)) },
                          operation: "GetRepositoryPolicy")
    }
}
