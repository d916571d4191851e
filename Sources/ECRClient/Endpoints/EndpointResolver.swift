import Foundation

/// Turns region + switches into the documented endpoint of ECR (or STS):
/// `api.ecr.REGION.amazonaws.com`, FIPS `ecr-fips.REGION.amazonaws.com`, dual-stack `ecr.REGION.api.aws`,
/// both `ecr-fips.REGION.api.aws`; China `…amazonaws.com.cn` / `ecr.REGION.api.amazonwebservices.com.cn`;
/// GovCloud and the ISO partitions with their own suffixes. An override URL wins over all of it.
public enum EndpointResolver {
    public enum Service: String, Sendable {
        case ecr, sts, iam, organizations

        /// The name used in `AWS_ENDPOINT_URL_<NAME>` and the `[services]` config section.
        var environmentName: String { rawValue.uppercased() }
    }

    public static func resolve(_ service: Service, _ settings: EndpointSettings) throws(AWSClientError) -> URL {
        if let override = settings.override {
            guard let url = URL(string: override), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw .configuration("invalid endpoint URL '\(override)': expected http(s)://host[:port]")
            }
            return url
        }
        let region = settings.region
        guard !region.isEmpty, region.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), region.first!.isLetter else {
            throw .configuration("invalid region '\(region)'")
        }
        let partition = Partition.of(region: region)
        if let global = globalHost(service, partition: partition) { return URL(string: "https://\(global)")! }
        let host: String
        if settings.useDualStack {
            guard let suffix = partition.dualStackDNSSuffix else {
                throw .configuration("dual-stack endpoints are not available in partition \(partition.name)")
            }
            host = "\(service.rawValue)\(settings.useFIPS ? "-fips" : "").\(region).\(suffix)"
        } else if settings.useFIPS {
            host = "\(service.rawValue)-fips.\(region).\(partition.dnsSuffix)"
        } else if service == .ecr {
            host = "api.ecr.\(region).\(partition.dnsSuffix)"
        } else {
            host = "\(service.rawValue).\(region).\(partition.dnsSuffix)"
        }
        return URL(string: "https://\(host)")!
    }

    /// IAM and Organizations have one endpoint per partition (botocore's partition endpoints).
    static func globalHost(_ service: Service, partition: Partition) -> String? {
        switch (service, partition.name) {
        case (.iam, "aws"): "iam.amazonaws.com"
        case (.iam, "aws-cn"): "iam.cn-north-1.amazonaws.com.cn"
        case (.iam, "aws-us-gov"): "iam.us-gov.amazonaws.com"
        case (.iam, _): "iam.\(partition.dnsSuffix)"
        case (.organizations, "aws"): "organizations.us-east-1.amazonaws.com"
        case (.organizations, "aws-cn"): "organizations.cn-northwest-1.amazonaws.com.cn"
        case (.organizations, "aws-us-gov"): "organizations.us-gov-west-1.amazonaws.com"
        case (.organizations, _): "organizations.\(partition.dnsSuffix)"
        default: nil
        }
    }

    /// The Region a request to `service` is signed for: the request's own, except for the global services.
    public static func signingRegion(_ service: Service, region: String) -> String {
        let partition = Partition.of(region: region)
        switch (service, partition.name) {
        case (.iam, "aws"), (.organizations, "aws"): return "us-east-1"
        case (.iam, "aws-cn"): return "cn-north-1"
        case (.organizations, "aws-cn"): return "cn-northwest-1"
        case (.iam, "aws-us-gov"), (.organizations, "aws-us-gov"): return "us-gov-west-1"
        default: return region
        }
    }

    /// The override for a service from the environment or profile, in the SDKs' order:
    /// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, its `endpoint_url`.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's `ignore_configured_endpoint_urls`) disables them.
    public static func configuredOverride(_ service: Service, environment: [String: String], profile: [String: String]?, store: ProfileStore) -> String? {
        let ignore = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profile?["ignore_configured_endpoint_urls"]
        if ignore?.lowercased() == "true" { return nil }
        if let value = environment["AWS_ENDPOINT_URL_\(service.environmentName)"], !value.isEmpty { return value }
        if let value = environment["AWS_ENDPOINT_URL"], !value.isEmpty { return value }
        if let servicesName = profile?["services"], let section = store.section("services", servicesName),
           let value = section["\(service.rawValue).endpoint_url"] {
            return value
        }
        return profile?["endpoint_url"]
    }
}
