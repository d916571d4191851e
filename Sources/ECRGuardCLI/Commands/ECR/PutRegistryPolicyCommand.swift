import ArgumentParser
import ECRClient
import PolicyChecks
import PolicyCore

struct PutRegistryPolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put-registry-policy",
        abstract: "Check a registry permission policy, then put it (refused on errors or findings at or above --fail-on unless --ignore-findings).")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("policy-text"), help: "The policy JSON, or file://PATH.") var policyText: String
    @OptionGroup(title: "Gate options") var gate: ECRGateOptions

    func run() throws {
        let (text, source) = try ParameterValue.text(policyText, option: "--policy-text")
        let session = try ECRSession(aws)
        try gate.gate(CheckContext(region: session.service.region)).vet(text, kind: .registry, file: source)
        try session.print(try session.perform(PutRegistryPolicy(policyText: text)).1, operation: PutRegistryPolicy.operationName)
    }
}
