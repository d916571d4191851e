/// Reads the text of simple, unnested elements out of small AWS XML answers (STS, auth errors).
/// Not a general XML parser: enough for `<Code>`, `<AccessKeyId>` and friends, with entity decoding.
public enum XMLFields {
    public static func first(_ element: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(element)>"),
              let close = xml.range(of: "</\(element)>", range: open.upperBound..<xml.endIndex) else { return nil }
        return decodeEntities(String(xml[open.upperBound..<close.lowerBound]))
    }

    static func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
