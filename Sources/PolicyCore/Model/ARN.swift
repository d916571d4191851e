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
        guard let colons = Self.colons(text) else { return nil }
        let u = text.utf8
        func part(_ from: String.Index, _ to: String.Index) -> String { String(Substring(u[from..<to])) }
        self.init(partition: part(u.index(after: colons.0), colons.1), service: part(u.index(after: colons.1), colons.2),
                  region: part(u.index(after: colons.2), colons.3), account: part(u.index(after: colons.3), colons.4),
                  resource: part(u.index(after: colons.4), u.endIndex))
    }

    /// The first five colons of an ARN (`arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, partition and
    /// service not empty), found byte by byte: requests ask for their resource's account, Region and
    /// service once each, and splitting the text into characters cost more than evaluating them.
    static func colons(_ text: String) -> (String.Index, String.Index, String.Index, String.Index, String.Index)? {
        var offsets = text.utf8.withContiguousStorageIfAvailable(colonOffsets)
        if offsets == nil {
            // A bridged string without contiguous UTF-8: read a native copy (the offsets are the same).
            var copy = text
            copy.makeContiguousUTF8()
            offsets = copy.utf8.withContiguousStorageIfAvailable(colonOffsets)
        }
        guard let found = offsets ?? nil else { return nil }
        let u = text.utf8, s = u.startIndex
        return (u.index(s, offsetBy: found.0), u.index(s, offsetBy: found.1), u.index(s, offsetBy: found.2),
                u.index(s, offsetBy: found.3), u.index(s, offsetBy: found.4))
    }

    private static func colonOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int, Int, Int)? {
        guard bytes.count >= 9, bytes[0] == UInt8(ascii: "a"), bytes[1] == UInt8(ascii: "r"), bytes[2] == UInt8(ascii: "n"),
              bytes[3] == UInt8(ascii: ":") else { return nil }
        var found = (3, 0, 0, 0, 0)
        var count = 1
        var i = 4
        while i < bytes.count && count < 5 {
            if bytes[i] == UInt8(ascii: ":") {
                switch count {
                case 1: found.1 = i
                case 2: found.2 = i
                case 3: found.3 = i
                default: found.4 = i
                }
                count += 1
            }
            i += 1
        }
        guard count == 5, found.1 - found.0 > 1, found.2 - found.1 > 1 else { return nil }
        return found
    }

    /// One component of an ARN without building the others (nil when the text is not an ARN):
    /// 1 partition, 2 service, 3 region, 4 account.
    static func component(_ n: Int, of text: String) -> Substring? {
        guard let c = colons(text) else { return nil }
        let u = text.utf8
        switch n {
        case 1: return Substring(u[u.index(after: c.0)..<c.1])
        case 2: return Substring(u[u.index(after: c.1)..<c.2])
        case 3: return Substring(u[u.index(after: c.2)..<c.3])
        default: return Substring(u[u.index(after: c.3)..<c.4])
        }
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
    @inlinable
    public static func isAccountID(_ text: some StringProtocol) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }
}
