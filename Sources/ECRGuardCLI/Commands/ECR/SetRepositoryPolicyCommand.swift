import ArgumentParser
import ECRClient
import PolicyChecks
import PolicyCore

struct SetRepositoryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-repository-policy",
        abstract: "Check a repository policy, then set it (refused on errors or findings at or above --fail-on unless --force).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("policy-text"), help: "The policy JSON, or file://PATH.") var policyText: String
    @Option(name: .customLong("registry-id")) var registryId: String?
    @Option(name: .customLong("fail-on"), help: "Lowest severity that refuses the call (info, low, medium, high, critical).") var failOn: String = "high"
    @Flag(help: "Send the policy despite blocking findings (also ECR's own force flag).") var force = false

    func validate() throws {
        guard Severity(rawValue: failOn) != nil else { throw ValidationError("--fail-on must be one of info, low, medium, high, critical") }
    }

    func run() throws {
        let (text, source) = try ParameterValue.text(policyText, option: "--policy-text")
        let session = try ECRSession(aws)
        let context = CheckContext(accountID: registryId, repositoryName: repositoryName, region: session.ecr.region)
        try PolicyGate(kind: .repository, failOn: Severity(rawValue: failOn)!, force: force, context: context).vet(text, file: source)
        let answer = try session.call("SetRepositoryPolicy") { ecr throws(AWSClientError) in
            try ecr.setRepositoryPolicy(.init(repositoryName: repositoryName, policyText: text, registryId: registryId, force: force ? true : nil))
        }
        try session.print(answer, operation: "SetRepositoryPolicy")
    }
}
