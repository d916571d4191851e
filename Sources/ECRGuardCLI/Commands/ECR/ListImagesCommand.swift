import ArgumentParser
import ECRClient

struct ListImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-images", abstract: "List image ids of a repository (all pages).")

    @OptionGroup var aws: AWSGlobalOptions
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var paging: PageSizeOption

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.performAllPages("ListImages", body: paging.adding(to: repository.body), resultKey: "imageIds"),
                          operation: "ListImages")
    }
}
