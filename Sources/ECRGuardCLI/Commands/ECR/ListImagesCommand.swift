import ArgumentParser
import ECRClient

struct ListImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-images", abstract: "List image ids of a repository (all pages).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("registry-id")) var registryId: String?
    @Option(name: .customLong("page-size")) var pageSize: Int?

    func run() throws {
        var body: [(String, JSONValue)] = [("repositoryName", .string(repositoryName))]
        if let registryId { body.append(("registryId", .string(registryId))) }
        if let pageSize { body.append(("maxResults", .number(String(pageSize)))) }
        ECRSession.print(try ECRSession(aws).performAllPages(ListImages.operationName, body: body, resultKey: "imageIds"))
    }
}
