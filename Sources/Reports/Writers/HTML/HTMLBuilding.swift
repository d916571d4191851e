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
        try out.element("span", ["class": "badge sev-\(severity.rawValue)"], text: severity.rawValue)
    }

    /// An `id` made only of `[A-Za-z0-9_-]`, so links never carry input characters.
    static func anchor(_ prefix: String, _ value: String) -> String {
        if value.utf8.allSatisfy(isAnchorByte) { return prefix + "-" + value }
        // One `-` for each other character.
        let cleaned = value.unicodeScalars.map { scalar in
            scalar.isASCII && isAnchorByte(UInt8(scalar.value)) ? UInt8(scalar.value) : UInt8(ascii: "-")
        }
        return prefix + "-" + String(decoding: cleaned, as: UTF8.self)
    }

    private static func isAnchorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
