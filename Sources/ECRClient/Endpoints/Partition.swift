/// An AWS partition: which regions belong to it and the DNS suffixes of its endpoints
/// (from the SDKs' partitions.json).
public struct Partition: Sendable, Equatable {
    public var name: String
    public var dnsSuffix: String
    /// nil when the partition has no dual-stack endpoints.
    public var dualStackDNSSuffix: String?
    private var regionPrefixes: [String]

    public static let aws = Partition(name: "aws", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws", regionPrefixes: [])
    public static let china = Partition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDNSSuffix: "api.amazonwebservices.com.cn", regionPrefixes: ["cn-"])
    public static let govCloud = Partition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws", regionPrefixes: ["us-gov-"])
    public static let iso = Partition(name: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDNSSuffix: nil, regionPrefixes: ["us-iso-"])
    public static let isoB = Partition(name: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDNSSuffix: nil, regionPrefixes: ["us-isob-"])
    public static let isoE = Partition(name: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDNSSuffix: nil, regionPrefixes: ["eu-isoe-"])
    public static let isoF = Partition(name: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDNSSuffix: nil, regionPrefixes: ["us-isof-"])

    static let all: [Partition] = [.china, .govCloud, .isoB, .isoE, .isoF, .iso]

    /// The partition a region belongs to; unknown regions are in `aws` (as the SDKs assume).
    public static func of(region: String) -> Partition {
        all.first { partition in partition.regionPrefixes.contains { region.hasPrefix($0) } } ?? .aws
    }
}
