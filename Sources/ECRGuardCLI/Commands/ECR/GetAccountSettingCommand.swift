import ArgumentParser
import ECRClient

struct GetAccountSettingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get-account-setting", abstract: "Print an account setting (REGISTRY_POLICY_SCOPE, BASIC_SCAN_TYPE_VERSION).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option var name: String

    func run() throws {
        let session = try ECRSession(aws)
        try session.print(try session.call("GetAccountSetting") { ecr throws(AWSClientError) in try ecr.getAccountSetting(.init(name: name)) }, operation: "GetAccountSetting")
    }
}
