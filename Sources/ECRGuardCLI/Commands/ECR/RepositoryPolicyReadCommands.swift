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

struct GetRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-registry-policy", abstract: "Print the registry permission policy.")
    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        ECRSession.print(try session.perform(GetRegistryPolicy()).1)
    }
}

struct DeleteRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-registry-policy", abstract: "Delete the registry permission policy.")
    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        ECRSession.print(try session.perform(DeleteRegistryPolicy()).1)
    }
}
