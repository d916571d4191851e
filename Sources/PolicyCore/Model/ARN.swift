/// An Amazon Resource Name: `arn:partition:service:region:account-id:resource`.
///
/// The resource part keeps any further colons (`repository/a:b`, `role/path/name`).
public struct ARN: Sendable, Hashable, CustomStringConvertible {
    public var partition: String
    public var service: String
    public var region: String
    public var account: String
    public var resource: String

    public init(partition: String, service: String, region: String, account: String, resource: String) {
        self.partition = partition
        self.service = service
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// Parses the six colon-separated components; nil when the text is not an ARN.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        self.init(partition: String(parts[1]), service: String(parts[2]), region: String(parts[3]),
                  account: String(parts[4]), resource: String(parts[5]))
    }

    public var description: String { "arn:\(partition):\(service):\(region):\(account):\(resource)" }

    /// The `type` of `type/name` or `type:name` resources (`repository`, `role`, `user`, …).
    public var resourceType: String {
        let end = resource.firstIndex(where: { $0 == "/" || $0 == ":" }) ?? resource.endIndex
        return String(resource[..<end])
    }

    /// The part after `type/` (`employee-api` for `repository/employee-api`).
    public var resourceName: String {
        guard let sep = resource.firstIndex(where: { $0 == "/" || $0 == ":" }) else { return "" }
        return String(resource[resource.index(after: sep)...])
    }

    /// Whether `text` is a 12-digit AWS account id.
    public static func isAccountID(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
