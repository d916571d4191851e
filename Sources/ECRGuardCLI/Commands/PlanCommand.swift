import ArgumentParser
import Foundation

/// `ecrguard plan [DIR]`: what `apply` would change in live ECR, with policy diffs (live `-`, manifest `+`).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show how live ECR differs from the manifest (repositories, policies, replication).")

    @Argument(help: "The policies directory or its ecrguard.yaml.") var directory: String = "policies"
    @Option(help: "Only this registry of the manifest.") var registry: String?
    @OptionGroup var aws: AWSGlobalOptions

    func run() throws {
        let session = try DeploymentSession(directory: directory, aws: aws, registryFilter: registry)
        print(session.render())
    }
}
