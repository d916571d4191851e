import PolicyCore

/// Short constructors for the HTML tree; every string argument becomes a text node or attribute value.
enum H {
    static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [MarkupNode] = []) -> MarkupNode {
        .element(MarkupElement(name, attributes, children))
    }

    static func el(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) -> MarkupNode {
        .element(MarkupElement(name, attributes, text: text))
    }

    static func text(_ string: String) -> MarkupNode { .text(string) }

    static func severityBadge(_ severity: Severity, into out: any MarkupSink) throws(MarkupError) {
        try out.element("span", ["class": badgeClass(severity)], text: severity.rawValue)
    }

    /// `badge sev-<severity>`: constants, not interpolated (a badge per finding row and details).
    static func badgeClass(_ severity: Severity) -> String {
        switch severity {
        case .info: "badge sev-info"
        case .low: "badge sev-low"
        case .medium: "badge sev-medium"
        case .high: "badge sev-high"
        case .critical: "badge sev-critical"
        }
    }

    /// `finding sev-<severity>`, then ` suppressed` when it is: a finding's details' classes.
    static func findingClass(_ severity: Severity, suppressed: Bool) -> String {
        switch (severity, suppressed) {
        case (.info, false): "finding sev-info"
        case (.low, false): "finding sev-low"
        case (.medium, false): "finding sev-medium"
        case (.high, false): "finding sev-high"
        case (.critical, false): "finding sev-critical"
        case (.info, true): "finding sev-info suppressed"
        case (.low, true): "finding sev-low suppressed"
        case (.medium, true): "finding sev-medium suppressed"
        case (.high, true): "finding sev-high suppressed"
        case (.critical, true): "finding sev-critical suppressed"
        }
    }

    /// An `id` made only of `[A-Za-z0-9_-]`, so links never carry input characters: `prefix-value`,
    /// with one `-` for each other character of `value` (Unicode scalar). Assembled over the bytes
    /// (a scalar is its first byte, one not `10xxxxxx`): a link per finding row.
    static func anchor(_ prefix: String, _ value: String) -> String {
        var value = value
        return value.withUTF8 { bytes in
            AssembledText.string(capacity: prefix.utf8.count + 1 + bytes.count) { text in
                text.append(prefix)
                text.append(UInt8(ascii: "-"))
                for byte in bytes where byte & 0xC0 != 0x80 {
                    text.append(isAnchorByte(byte) ? byte : UInt8(ascii: "-"))
                }
            }
        }
    }

    /// `finding-<number>`, or `#finding-<number>` for a link to it.
    static func findingAnchor(_ number: Int, link: Bool) -> String {
        AssembledText.string(capacity: 9 + AssembledText.decimalLimit) { text in
            if link { text.append(UInt8(ascii: "#")) }
            text.append("finding-")
            text.append(decimal: number)
        }
    }

    private static func isAnchorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
