import ArgumentParser
import ECRClient

struct PutAccountSettingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put-account-setting", abstract: "Change an account setting (REGISTRY_POLICY_SCOPE V1|V2, ...).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option var name: String
    @Option var value: String

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("PutAccountSetting") { ecr throws(AWSClientError) in try ecr.putAccountSetting(.init(name: name, value: value)) }, operation: "PutAccountSetting")
    }
}
