import ArgumentParser
import ECRClient

struct DescribeRepositoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe-repositories", abstract: "Describe repositories (all pages).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-names"), parsing: .upToNextOption) var repositoryNames: [String] = []
    @Option(name: .customLong("registry-id")) var registryId: String?
    @OptionGroup var paging: PageSizeOption

    func run() throws {
        var body: [(String, JSONValue)] = []
        if let registryId { body.append(("registryId", .string(registryId))) }
        if !repositoryNames.isEmpty { body.append(("repositoryNames", .array(repositoryNames.map(JSONValue.string)))) }
        body = paging.adding(to: body)
        let session = try ECRSession(aws)
        try session.print(try session.performAllPages("DescribeRepositories", body: body, resultKey: "repositories"),
                          operation: "DescribeRepositories")
    }
}
