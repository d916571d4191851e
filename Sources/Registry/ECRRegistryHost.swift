import Foundation

/// An Amazon ECR registry host name, as amazon-ecr-credential-helper recognizes them:
/// `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]` (and the other partitions' suffixes), the
/// dual-stack `<account>.dkr-ecr[-fips].<region>.on.aws` (`.api.aws` in China), and ECR Public's
/// `public.ecr.aws` / `ecr-public.aws.com`.
public struct ECRRegistryHost: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case `private`, `public` }
    public var kind: Kind
    /// The 12-digit account of a private registry.
    public var registryId: String?
    public var region: String
    public var fips: Bool
    public var dualStack: Bool

    private static let privatePattern = try! NSRegularExpression(pattern:
        #"^([0-9]{12})\.(dkr\.ecr|dkr-ecr)(-fips)?\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov|on\.aws|api\.aws)$"#)

    /// Reads a host (a `https://` prefix, a port or a path are ignored); nil when it is not an ECR host.
    public init?(_ text: String) {
        var host = text.lowercased()
        for prefix in ["https://", "http://"] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        if host == "public.ecr.aws" || host == "ecr-public.aws.com" {
            self.init(kind: .public, registryId: nil, region: "us-east-1", fips: false, dualStack: host == "ecr-public.aws.com")
            return
        }
        let range = NSRange(host.startIndex..., in: host)
        guard let match = Self.privatePattern.firstMatch(in: host, range: range) else { return nil }
        func group(_ index: Int) -> String? { Range(match.range(at: index), in: host).map { String(host[$0]) } }
        let suffix = group(5) ?? ""
        let dualStack = group(2) == "dkr-ecr"
        // dkr.ecr pairs with the classic suffixes, dkr-ecr with the dual-stack ones.
        guard dualStack == (suffix == "on.aws" || suffix == "api.aws") else { return nil }
        self.init(kind: .private, registryId: group(1), region: group(4) ?? "", fips: group(3) != nil, dualStack: dualStack)
    }

    public init(kind: Kind, registryId: String?, region: String, fips: Bool, dualStack: Bool) {
        self.kind = kind
        self.registryId = registryId
        self.region = region
        self.fips = fips
        self.dualStack = dualStack
    }
}
