import ArgumentParser

/// `ecrguard ecr <operation>`: the AWS CLI's ECR operations with the same names, flags and JSON output,
/// with policies checked before they are sent.
struct ECRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecr",
        abstract: "Amazon ECR operations (AWS CLI names and flags); policies are checked before they are sent.",
        subcommands: [
            CreateRepositoryCommand.self,
            DescribeRepositoriesCommand.self,
            DeleteRepositoryCommand.self,
            GetLoginPasswordCommand.self,
            LoginCommand.self,
            GetAuthorizationTokenCommand.self,
            DescribeRegistryCommand.self,
            SetRepositoryPolicyCommand.self,
            GetRepositoryPolicyCommand.self,
            DeleteRepositoryPolicyCommand.self,
            PutRegistryPolicyCommand.self,
            GetRegistryPolicyCommand.self,
            DeleteRegistryPolicyCommand.self,
            PutReplicationConfigurationCommand.self,
            ListImagesCommand.self,
            DescribeImagesCommand.self,
            GetAccountSettingCommand.self,
            PutAccountSettingCommand.self,
        ]
    )
}
