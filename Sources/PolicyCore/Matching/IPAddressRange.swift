/// An IPv4 or IPv6 address or CIDR block as `IpAddress`/`NotIpAddress` take them
/// (`203.0.113.0/24`, `2001:DB8:1234:5678::/64`, a bare address meaning `/32` or `/128`).
public struct IPAddressRange: Sendable, Hashable {
    /// 16 bytes; IPv4 addresses are kept in the first 4 bytes with `isIPv6 == false`.
    public let high: UInt64
    public let low: UInt64
    public let isIPv6: Bool
    public let prefixLength: Int

    public init?(_ text: some StringProtocol) {
        var addressText = Substring(text)
        var prefix: Int?
        if let slash = addressText.firstIndex(of: "/") {
            guard let p = Int(addressText[addressText.index(after: slash)...]), p >= 0 else { return nil }
            prefix = p
            addressText = addressText[..<slash]
        }
        guard let address = IPAddress(addressText) else { return nil }
        let maxPrefix = address.isIPv6 ? 128 : 32
        let length = prefix ?? maxPrefix
        guard length <= maxPrefix else { return nil }
        isIPv6 = address.isIPv6
        prefixLength = length
        if isIPv6 {
            (high, low) = Self.mask(address.high, address.low, bits: length)
        } else {
            (high, low) = (0, Self.maskIPv4(address.low, bits: length))
        }
    }

    private static func maskIPv4(_ v: UInt64, bits: Int) -> UInt64 {
        bits == 0 ? 0 : v & UInt64(UInt32.max << UInt32(32 - bits))
    }

    private static func mask(_ h: UInt64, _ l: UInt64, bits: Int) -> (UInt64, UInt64) {
        if bits <= 0 { return (0, 0) }
        if bits >= 128 { return (h, l) }
        if bits <= 64 { return (bits == 64 ? h : h & ~(UInt64.max >> UInt64(bits)), 0) }
        return (h, l & ~(UInt64.max >> UInt64(bits - 64)))
    }

    /// Whether the address lies in the range; an IPv4 address never lies in an IPv6 range and vice versa.
    public func contains(_ address: IPAddress) -> Bool {
        guard address.isIPv6 == isIPv6 else { return false }
        if isIPv6 {
            let m = Self.mask(address.high, address.low, bits: prefixLength)
            return m.0 == high && m.1 == low
        }
        return Self.maskIPv4(address.low, bits: prefixLength) == low
    }
}

/// One IPv4 (dotted quad) or IPv6 (RFC 4291 text, `::` and embedded IPv4 allowed) address.
public struct IPAddress: Sendable, Hashable {
    public let high: UInt64
    public let low: UInt64
    public let isIPv6: Bool

    public init?(_ text: some StringProtocol) {
        let s = Substring(text)
        // A byte scan: `contains(":")` with a string argument went through Foundation's NSString search.
        if s.utf8.contains(UInt8(ascii: ":")) {
            guard let words = Self.parseIPv6(s) else { return nil }
            var h: UInt64 = 0, l: UInt64 = 0
            for i in 0..<4 { h = h << 16 | UInt64(words[i]) }
            for i in 4..<8 { l = l << 16 | UInt64(words[i]) }
            high = h; low = l; isIPv6 = true
        } else {
            guard let v4 = Self.parseIPv4(s) else { return nil }
            high = 0; low = UInt64(v4); isIPv6 = false
        }
    }

    /// Four dot-separated parts of one to three ASCII digits, each at most 255; parsed byte by
    /// byte (request addresses are parsed on every evaluation of an `IpAddress` condition).
    static func parseIPv4(_ s: Substring) -> UInt32? {
        var value: UInt32 = 0, part: UInt32 = 0, digits = 0, parts = 0
        for b in s.utf8 {
            if b == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return nil }
                value = value << 8 | part
                parts += 1
                part = 0
                digits = 0
            } else {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), digits < 3 else { return nil }
                part = part * 10 + UInt32(b - UInt8(ascii: "0"))
                digits += 1
                guard part <= 255 else { return nil }
            }
        }
        guard digits > 0, parts == 3 else { return nil }
        return value << 8 | part
    }

    static func parseIPv6(_ s: Substring) -> [UInt16]? {
        var head: [UInt16] = [], tail: [UInt16] = []
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func parseGroups(_ text: String, allowV4Tail: Bool) -> [UInt16]? {
            if text.isEmpty { return [] }
            var out: [UInt16] = []
            let groups = text.split(separator: ":", omittingEmptySubsequences: false)
            for (i, g) in groups.enumerated() {
                if i == groups.count - 1, allowV4Tail, g.contains(".") {
                    guard let v4 = parseIPv4(g) else { return nil }
                    out.append(UInt16(v4 >> 16)); out.append(UInt16(v4 & 0xFFFF))
                } else {
                    guard !g.isEmpty, g.count <= 4, let n = UInt16(g, radix: 16) else { return nil }
                    out.append(n)
                }
            }
            return out
        }
        if halves.count == 2 {
            guard let h = parseGroups(halves[0], allowV4Tail: false), let t = parseGroups(halves[1], allowV4Tail: true) else { return nil }
            head = h; tail = t
            guard head.count + tail.count <= 7 else { return nil }
            return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard let all = parseGroups(halves[0], allowV4Tail: true), all.count == 8 else { return nil }
        return all
    }
}
