/// ecrguard's shorthand for replication rules, one rule per string:
///
///     us-west-2,eu-west-1:222222222222 prefixes=prod-,team-a/
///
/// Destinations are `REGION` (this registry, cross-Region) or `REGION:ACCOUNT` (cross-account), separated
/// by commas; an optional `prefixes=` list becomes `PREFIX_MATCH` repository filters.
public enum ReplicationShorthand {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ rules: [String], ownRegistryId: String?) throws(ParseError) -> ECR.ReplicationConfiguration {
        var parsed: [ECR.ReplicationRule] = []
        for text in rules {
            let words = text.split(separator: " ", omittingEmptySubsequences: true)
            guard let destinationsWord = words.first, words.count <= 2 else {
                throw ParseError(description: "rule '\(text)': expected 'DEST[,DEST...] [prefixes=P1,P2]'")
            }
            var destinations: [ECR.ReplicationDestination] = []
            for destination in destinationsWord.split(separator: ",") {
                let parts = destination.split(separator: ":", omittingEmptySubsequences: false)
                let region = String(parts[0])
                guard !region.isEmpty, region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), parts.count <= 2 else {
                    throw ParseError(description: "rule '\(text)': '\(destination)' is not REGION or REGION:ACCOUNT")
                }
                let account: String
                if parts.count == 2 {
                    account = String(parts[1])
                    guard account.count == 12, account.allSatisfy(\.isNumber) else {
                        throw ParseError(description: "rule '\(text)': account '\(account)' must be 12 digits")
                    }
                } else {
                    guard let ownRegistryId else { throw ParseError(description: "rule '\(text)': no account for \(region) and the registry id is unknown") }
                    account = ownRegistryId
                }
                destinations.append(ECR.ReplicationDestination(region: region, registryId: account))
            }
            var filters: [ECR.RepositoryFilter]?
            if words.count == 2 {
                guard words[1].hasPrefix("prefixes=") else {
                    throw ParseError(description: "rule '\(text)': expected prefixes=P1,P2 after the destinations")
                }
                let prefixes = words[1].dropFirst("prefixes=".count).split(separator: ",").map(String.init)
                guard !prefixes.isEmpty else { throw ParseError(description: "rule '\(text)': empty prefixes=") }
                filters = prefixes.map { ECR.RepositoryFilter(filter: $0, filterType: .prefixMatch) }
            }
            parsed.append(ECR.ReplicationRule(destinations: destinations, repositoryFilters: filters))
        }
        return ECR.ReplicationConfiguration(rules: parsed)
    }

    /// Whether any rule needs the caller's registry id (a destination without an account).
    public static func needsOwnRegistryId(_ rules: [String]) -> Bool {
        rules.contains { rule in
            rule.split(separator: " ").first?.split(separator: ",").contains { !$0.contains(":") } ?? false
        }
    }
}
