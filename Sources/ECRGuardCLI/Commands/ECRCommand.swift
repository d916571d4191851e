import ArgumentParser

/// `ecrguard ecr <operation>`: the AWS CLI's ECR operations with the same names, flags and output,
/// with what installs access or deletes data checked before it is sent. The commands below are
/// hand-written (ecrguard adds to them); every other operation of the model runs through
/// `ModelCommand` (`ECRRouting` decides).
struct ECRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecr",
        abstract: "Amazon ECR operations (AWS CLI names and flags); policies are checked before they are sent.",
        discussion: """
        Global options (--region, --profile, --endpoint-url, --output, --query, --ca-bundle, --cli-connect-timeout,
        --cli-read-timeout, --debug) go before or after the operation. Every operation of the ECR API is here,
        with the AWS CLI's name; `ecrguard ecr OPERATION help` lists its options:

        \(ModelCommand.model.operations.map(\.cliName).filter { name in !["get-login-password", "put-replication-configuration"].contains(name) }.joined(separator: ", ")),
        wait (\(ModelCommand.model.waiters.map(\.cliName).joined(separator: ", "))).

        Gated (refused on findings at or above --fail-on unless --ignore-findings): set-repository-policy,
        put-registry-policy, put-replication-configuration, put-lifecycle-policy, create-repository-creation-template,
        update-repository-creation-template, create-pull-through-cache-rule, delete-repository and
        batch-delete-image (protected repositories, --manifest).
        """,
        subcommands: handWritten
    )

    /// The hand-written operations (`ECRRouting` reads their names without building this
    /// configuration, whose discussion lists every operation of the model).
    static let handWritten: [ParsableCommand.Type] = [
        GetLoginPasswordCommand.self,
        LoginCommand.self,
        PutReplicationConfigurationCommand.self,
        PreviewLifecyclePolicyCommand.self,
    ]
}
