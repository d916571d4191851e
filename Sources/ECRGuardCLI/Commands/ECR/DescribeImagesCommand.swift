import ArgumentParser
import ECRClient

struct DescribeImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe-images", abstract: "Describe the images of a repository (all pages).")

    @OptionGroup var aws: AWSGlobalOptions
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var paging: PageSizeOption

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.performAllPages("DescribeImages", body: paging.adding(to: repository.body), resultKey: "imageDetails"),
                          operation: "DescribeImages")
    }
}
