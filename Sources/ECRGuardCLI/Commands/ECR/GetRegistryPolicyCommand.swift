import ArgumentParser
import ECRClient

struct GetRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-registry-policy", abstract: "Print the registry permission policy.")
    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("GetRegistryPolicy") { ecr throws(AWSClientError) in try ecr.getRegistryPolicy() }, operation: "GetRegistryPolicy")
    }
}
