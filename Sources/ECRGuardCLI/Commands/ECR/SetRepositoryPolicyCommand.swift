import ArgumentParser
import ECRClient
import PolicyChecks
import PolicyCore

struct SetRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-repository-policy",
        abstract: "Check a repository policy, then set it (refused on errors or findings at or above --fail-on unless --ignore-findings).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name"), help: "The repository to set the policy of.") var repositoryName: String
    @Option(name: .customLong("policy-text"), help: "The policy JSON, or file://PATH.") var policyText: String
    @Option(name: .customLong("registry-id"), help: "The registry's account (default: the caller's).") var registryId: String?
    @Flag(inversion: .prefixedNo, help: "ECR's own force: set the policy even if it could stop the caller from changing it again. Not an override of ecrguard's gate.")
    var force = false
    @OptionGroup(title: "Gate options") var gate: ECRGateOptions

    func run() throws {
        let (text, source) = try ParameterValue.text(policyText, option: "--policy-text")
        let session = try ECRSession(aws)
        let context = CheckContext(accountID: registryId, repositoryName: repositoryName, region: session.service.region)
        try gate.gate(context).vet(text, kind: .repository, file: source)
        let (_, raw) = try session.perform(SetRepositoryPolicy(repositoryName: repositoryName, policyText: text, registryId: registryId, force: force ? true : nil))
        try session.print(raw, operation: SetRepositoryPolicy.operationName)
    }
}
