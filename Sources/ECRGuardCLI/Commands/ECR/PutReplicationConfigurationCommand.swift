import ArgumentParser
import ECRClient
import PolicyChecks
import PolicyCore

struct PutReplicationConfigurationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put-replication-configuration",
        abstract: "Set the registry's replication rules.",
        discussion: """
        Give AWS's JSON with --replication-configuration (inline or file://PATH), or ecrguard's shorthand,
        one --rule per replication rule:

          --rule "us-west-2,eu-west-1:222222222222 prefixes=prod-,team-a/"

        Destinations are REGION (this registry, cross-Region) or REGION:ACCOUNT (cross-account); the
        optional prefixes= list becomes PREFIX_MATCH repository filters.

        Destinations in an account other than this registry's and the manifest's registries' (--manifest)
        are refused (REPLICATION_OUTSIDE_MANIFEST) unless --ignore-findings is given.
        """)

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("replication-configuration"), help: "AWS's JSON, inline or file://PATH.") var replicationConfiguration: String?
    @Option(name: .customLong("rule"), help: "Shorthand rule: 'DEST[,DEST...] [prefixes=P1,P2]' (repeatable).") var rules: [String] = []
    @OptionGroup(title: "Gate options") var gate: ECRGateOptions

    func validate() throws {
        if (replicationConfiguration == nil) == rules.isEmpty {
            throw ValidationError("give either --replication-configuration or one or more --rule")
        }
    }

    func run() throws {
        let session = try ECRSession(aws.settings)
        let body: JSONValue
        let ownRegistry = try session.call("DescribeRegistry") { ecr throws(AWSClientError) in try ecr.describeRegistry() }.registryId
        var source = "--rule"
        if let replicationConfiguration {
            let value = try ParameterValue.structure(replicationConfiguration, option: "--replication-configuration")
            guard value["rules"]?.arrayValue != nil else {
                throw CLIFailure.runtime("--replication-configuration: expected {\"rules\": [...]}")
            }
            body = .object([("replicationConfiguration", value)])
            source = try ParameterValue.text(replicationConfiguration, option: "--replication-configuration").source
        } else {
            let configuration: ECR.ReplicationConfiguration
            do { configuration = try ReplicationShorthand.parse(rules, ownRegistryId: ownRegistry) } catch {
                throw CLIFailure.usage("--rule: \(error)")
            }
            body = .object([("replicationConfiguration", configuration.jsonValue())])
        }
        try vet(body, source: source, ownRegistry: ownRegistry)
        let answer = try session.invoke("PutReplicationConfiguration", body: body)
        try session.print(answer, operation: "PutReplicationConfiguration")
    }

    /// Destinations outside this registry's account and the manifest's accounts refuse the call.
    private func vet(_ body: JSONValue, source: String, ownRegistry: String?) throws {
        var allowed = try GateManifest.load(gate.manifest)?.accounts ?? []
        if let ownRegistry { allowed.insert(ownRegistry) }
        let text = source == "--rule" || source == "--replication-configuration"
            ? (body["replicationConfiguration"]?.pretty ?? "{}")
            : try ParameterValue.text(replicationConfiguration ?? "", option: "--replication-configuration").text
        let node: JSONNode
        do { node = try JSONParser.parse(text) } catch {
            throw CLIFailure.runtime("\(source): \(error)")
        }
        let configuration = node["rules"] != nil ? node : (node["replicationConfiguration"] ?? node)
        try gate.gate().decide(ReplicationReach.outsideDestinations(configuration, allowedAccounts: allowed, file: source),
                               what: "the replication configuration")
    }
}
