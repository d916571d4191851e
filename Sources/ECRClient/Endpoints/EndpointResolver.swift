import Foundation

/// Turns region + switches into the documented endpoint of ECR (or STS):
/// `api.ecr.REGION.amazonaws.com`, FIPS `ecr-fips.REGION.amazonaws.com`, dual-stack `ecr.REGION.api.aws`,
/// both `ecr-fips.REGION.api.aws`; China `…amazonaws.com.cn` / `ecr.REGION.api.amazonwebservices.com.cn`;
/// GovCloud and the ISO partitions with their own suffixes. An override URL wins over all of it.
/// IAM and Organizations are global: one endpoint per partition (`iam.amazonaws.com`,
/// `organizations.us-east-1.amazonaws.com`), signed for the partition's home region (`signingRegion`).
/// ECR Public lives in us-east-1 of the `aws` partition only: `api.ecr-public.us-east-1.amazonaws.com`
/// (FIPS `api.ecr-public-fips.…`, dual-stack `ecr-public.us-east-1.api.aws`), whatever region is configured.
public enum EndpointResolver {
    public enum Service: String, Sendable, CaseIterable {
        case ecr, sts, iam, organizations
        case ecrPublic = "ecr-public"

        /// The name used in `AWS_ENDPOINT_URL_<NAME>` (`AWS_ENDPOINT_URL_ECR_PUBLIC`).
        var environmentName: String { configName.uppercased() }
        /// The key prefix in a `[services]` config section (`ecr_public.endpoint_url`).
        var configName: String { String(rawValue.map { $0 == "-" ? "_" : $0 }) }
    }

    /// The region a request to `service` is signed for: the configured region, except for the global
    /// services, which are signed for their partition's home region (us-east-1 in `aws`).
    public static func signingRegion(_ service: Service, region: String) -> String {
        globalHome(service, Partition.of(region: region))?.signingRegion ?? region
    }

    /// The host and signing region of a global service in a partition (nil: a regional service,
    /// or a partition whose global endpoint ecrguard does not know; then an override is required).
    static func globalHome(_ service: Service, _ partition: Partition) -> (host: String, signingRegion: String)? {
        switch (service, partition.name) {
        case (.iam, "aws"): ("iam.amazonaws.com", "us-east-1")
        case (.iam, "aws-cn"): ("iam.cn-north-1.amazonaws.com.cn", "cn-north-1")
        case (.iam, "aws-us-gov"): ("iam.us-gov.amazonaws.com", "us-gov-west-1")
        case (.organizations, "aws"): ("organizations.us-east-1.amazonaws.com", "us-east-1")
        case (.organizations, "aws-cn"): ("organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1")
        case (.organizations, "aws-us-gov"): ("organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1")
        case (.ecrPublic, _): ("api.ecr-public.us-east-1.amazonaws.com", "us-east-1")
        default: nil
        }
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
        if service == .ecrPublic {
            // One endpoint, in us-east-1 of the `aws` partition, whichever region is configured.
            let host = switch (settings.useFIPS, settings.useDualStack) {
            case (false, false): "api.ecr-public.us-east-1.amazonaws.com"
            case (true, false): "api.ecr-public-fips.us-east-1.amazonaws.com"
            case (false, true): "ecr-public.us-east-1.api.aws"
            case (true, true): "api.ecr-public-fips.us-east-1.api.aws"
            }
            return URL(string: "https://\(host)")!
        }
        if service == .iam || service == .organizations {
            guard let home = globalHome(service, partition) else {
                throw .configuration("no known \(service.rawValue) endpoint in partition \(partition.name); set AWS_ENDPOINT_URL_\(service.environmentName)")
            }
            // Global endpoints have no dual-stack form; FIPS is `<service>-fips` on the same suffix.
            guard settings.useFIPS else { return URL(string: "https://\(home.host)")! }
            return URL(string: "https://" + home.host.replacingOccurrences(of: "\(service.rawValue).", with: "\(service.rawValue)-fips.", options: .anchored))!
        }
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

    /// The override for a service from the environment or profile, in the SDKs' order:
    /// AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, its `endpoint_url`.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` (or the profile's `ignore_configured_endpoint_urls`) disables them.
    public static func configuredOverride(_ service: Service, environment: [String: String], profile: [String: String]?, store: ProfileStore) -> String? {
        let ignore = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profile?["ignore_configured_endpoint_urls"]
        if ignore?.lowercased() == "true" { return nil }
        if let value = environment["AWS_ENDPOINT_URL_\(service.environmentName)"], !value.isEmpty { return value }
        if let value = environment["AWS_ENDPOINT_URL"], !value.isEmpty { return value }
        if let servicesName = profile?["services"], let section = store.section("services", servicesName),
           let value = section["\(service.configName).endpoint_url"] {
            return value
        }
        return profile?["endpoint_url"]
    }
}
