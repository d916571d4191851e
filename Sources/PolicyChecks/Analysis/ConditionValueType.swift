import PolicyCore

/// Whether a condition value is readable as the type its operator compares, and if not, what the
/// operator expected ("a number", "an IP address or CIDR range", …).
enum ConditionValueType {
    static func expectation(for value: ConditionValue, family: ConditionOperatorFamily) -> String? {
        let text = value.text
        switch family {
        case .string: return nil
        case .numeric: return isNumber(text) ? nil : "a number such as 10 or 2.5"
        case .date: return isDate(text) ? nil : "an ISO 8601 date such as 2026-12-31 or 2026-12-31T23:59:59Z, or epoch seconds"
        case .bool, .null: return ["true", "false"].contains(text.lowercased()) ? nil : "true or false"
        case .binary: return isBase64(text) ? nil : "base64-encoded bytes"
        case .ipAddress: return isIPRange(text) ? nil : "an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24"
        case .arn: return text == "*" || text.hasPrefix("arn:") || text.contains("${") ? nil : "an ARN such as arn:aws:iam::111122223333:role/ci"
        }
    }

    static func isNumber(_ text: String) -> Bool {
        guard let d = Double(text) else { return false }
        return d.isFinite && !text.lowercased().contains("n")
    }

    static func isDate(_ text: String) -> Bool {
        let s = Array(text.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.upperBound <= s.count && s[r].allSatisfy { $0 >= 48 && $0 <= 57 } }
        if !s.isEmpty, digits(0..<s.count) { return true }  // epoch seconds
        guard s.count >= 10, digits(0..<4), s[4] == UInt8(ascii: "-"), digits(5..<7), s[7] == UInt8(ascii: "-"), digits(8..<10) else { return false }
        let month = Int(text.dropFirst(5).prefix(2)) ?? 0, day = Int(text.dropFirst(8).prefix(2)) ?? 0
        guard (1...12).contains(month), (1...31).contains(day) else { return false }
        if s.count == 10 { return true }
        guard s[10] == UInt8(ascii: "T") || s[10] == UInt8(ascii: "t"), digits(11..<13), s.count >= 16, s[13] == UInt8(ascii: ":"), digits(14..<16) else { return false }
        var i = 16
        if i < s.count, s[i] == UInt8(ascii: ":") {
            guard digits(17..<19) else { return false }
            i = 19
            if i < s.count, s[i] == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                guard i > start else { return false }
            }
        }
        if i == s.count { return true }
        if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") { return i + 1 == s.count }
        guard s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return false }
        let offset = String(decoding: s[(i + 1)...], as: UTF8.self)
        return offset.utf8.count == 5 && digits((i + 1)..<(i + 3)) && s[i + 3] == UInt8(ascii: ":") && digits((i + 4)..<(i + 6))
            || offset.utf8.count == 4 && digits((i + 1)..<(i + 5))
    }

    static func isBase64(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count % 4 == 0 && text.utf8.allSatisfy { b in
            (65...90).contains(b) || (97...122).contains(b) || (48...57).contains(b) || b == 43 || b == 47 || b == 61
        }
    }

    static func isIPRange(_ text: String) -> Bool {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        let isV4 = isIPv4(address)
        guard isV4 || isIPv6(address) else { return false }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return false }
        return (0...(isV4 ? 32 : 128)).contains(prefix)
    }

    static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { o in
            !o.isEmpty && o.count <= 3 && o.allSatisfy { $0.isASCII && $0.isNumber } && (Int(o) ?? 256) <= 255
        }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.components(separatedBy: "::").count <= 2 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
        var count = groups.count
        if let last = groups.last, last.contains(".") {
            guard isIPv4(last) else { return false }
            groups.removeLast()
            count += 1
        }
        guard groups.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return text.contains("::") ? count < 8 : count == 8
    }
}
