import ArgumentParser
import ECRClient
import PolicyChecks
import PolicyCore

struct PutRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put-registry-policy",
        abstract: "Check a registry permission policy, then put it (refused on errors or findings at or above --fail-on unless --force).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("policy-text"), help: "The policy JSON, or file://PATH.") var policyText: String
    @Option(name: .customLong("fail-on"), help: "Lowest severity that refuses the call (info, low, medium, high, critical).") var failOn: String = "high"
    @Flag(help: "Send the policy despite blocking findings.") var force = false

    func validate() throws {
        guard Severity(rawValue: failOn) != nil else { throw ValidationError("--fail-on must be one of info, low, medium, high, critical") }
    }

    func run() throws {
        let (text, source) = try ParameterValue.text(policyText, option: "--policy-text")
        let session = try ECRSession(aws)
        let context = CheckContext(region: session.ecr.region)
        try PolicyGate(kind: .registry, failOn: Severity(rawValue: failOn)!, force: force, context: context).vet(text, file: source)
        try session.print(try session.call("PutRegistryPolicy") { ecr throws(AWSClientError) in try ecr.putRegistryPolicy(.init(policyText: text)) }, operation: "PutRegistryPolicy")
    }
}
