import ArgumentParser
import ECRClient

/// `--repository-name` and `--registry-id`, as the AWS CLI spells them, for commands on one repository.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("registry-id")) var registryId: String?

    /// The request members naming the repository (`registryId` only when given).
    var body: [(String, JSONValue)] {
        var body: [(String, JSONValue)] = [("repositoryName", .string(repositoryName))]
        if let registryId { body.append(("registryId", .string(registryId))) }
        return body
    }
}

/// `--page-size`: items per request (the service's maxResults); every page is still fetched.
struct PageSizeOption: ParsableArguments {
    @Option(name: .customLong("page-size"), help: "Items per request (the service's maxResults).") var pageSize: Int?

    /// `body` with `maxResults` added when a page size was given.
    func adding(to body: [(String, JSONValue)]) -> [(String, JSONValue)] {
        guard let pageSize else { return body }
        return body + [("maxResults", .number(String(pageSize)))]
    }
}
