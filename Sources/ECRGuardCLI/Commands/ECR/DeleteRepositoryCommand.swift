import ArgumentParser
import ECRClient

struct DeleteRepositoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-repository", abstract: "Delete a repository (--force also deletes its images).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("registry-id")) var registryId: String?
    @Flag(help: "Delete the repository even if it contains images.") var force = false

    func run() throws {
        let session = try ECRSession(aws)
        let answer = try session.call("DeleteRepository") { ecr throws(AWSClientError) in
            try ecr.deleteRepository(.init(repositoryName: repositoryName, registryId: registryId, force: force ? true : nil))
        }
        try session.print(answer, operation: "DeleteRepository")
    }
}
