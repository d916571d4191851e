import ArgumentParser
import ECRClient

struct DeleteRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-registry-policy", abstract: "Delete the registry permission policy.")
    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("DeleteRegistryPolicy") { ecr throws(AWSClientError) in try ecr.deleteRegistryPolicy() }, operation: "DeleteRegistryPolicy")
    }
}
