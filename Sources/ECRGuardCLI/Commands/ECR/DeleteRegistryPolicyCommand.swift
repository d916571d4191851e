import ArgumentParser
import ECRClient

struct DeleteRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete-registry-policy", abstract: "Delete the registry permission policy.")
    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.perform(DeleteRegistryPolicy()).1, operation: DeleteRegistryPolicy.operationName)
    }
}
