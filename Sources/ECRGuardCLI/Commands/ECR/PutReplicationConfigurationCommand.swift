import ArgumentParser
import ECRClient

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
        """)

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("replication-configuration"), help: "AWS's JSON, inline or file://PATH.") var replicationConfiguration: String?
    @Option(name: .customLong("rule"), help: "Shorthand rule: 'DEST[,DEST...] [prefixes=P1,P2]' (repeatable).") var rules: [String] = []

    func validate() throws {
        if (replicationConfiguration == nil) == rules.isEmpty {
            throw ValidationError("give either --replication-configuration or one or more --rule")
        }
    }

    func run() throws {
        let session = try ECRSession(aws)
        let body: JSONValue
        if let replicationConfiguration {
            let value = try ParameterValue.structure(replicationConfiguration, option: "--replication-configuration")
            guard value["rules"]?.arrayValue != nil else {
                throw CLIFailure.runtime("--replication-configuration: expected {\"rules\": [...]}")
            }
            body = .object([("replicationConfiguration", value)])
        } else {
            var ownRegistry: String?
            if ReplicationShorthand.needsOwnRegistryId(rules) {
                ownRegistry = try session.call("DescribeRegistry") { ecr throws(AWSClientError) in try ecr.describeRegistry() }.registryId
            }
            let configuration: ECR.ReplicationConfiguration
            do { configuration = try ReplicationShorthand.parse(rules, ownRegistryId: ownRegistry) } catch {
                throw CLIFailure.usage("--rule: \(error)")
            }
            body = .object([("replicationConfiguration", configuration.jsonValue())])
        }
        let answer = try session.invoke("PutReplicationConfiguration", body: body)
        try session.print(answer, operation: "PutReplicationConfiguration")
    }
}
