import ArgumentParser
import ECRClient

struct DescribeRegistryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe-registry", abstract: "Describe the registry and its replication configuration.")

    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("DescribeRegistry") { ecr throws(AWSClientError) in try ecr.describeRegistry() }, operation: "DescribeRegistry")
    }
}
