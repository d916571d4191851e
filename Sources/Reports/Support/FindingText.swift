import PolicyCore

/// How findings read as plain text, shared by the JUnit bodies and the terminal summary.
enum FindingText {
    /// `policies/repo.json:5:7`.
    /// (Assembled over bytes, as `statement(_:)`: every writer shows it for every finding.)
    static func location(_ finding: Finding) -> String {
        let file = finding.file, start = finding.span.start
        return AssembledText.string(capacity: file.utf8.count + 2 + 2 * AssembledText.decimalLimit) { text in
            text.append(file)
            text.append(UInt8(ascii: ":"))
            text.append(decimal: start.line)
            text.append(UInt8(ascii: ":"))
            text.append(decimal: start.column)
        }
    }

    /// `Statement[0] "AllowPull"`, or nil when the finding is not about one statement.
    static func statement(_ finding: Finding) -> String? {
        let sid = finding.sid.flatMap { $0.isEmpty ? nil : $0 }
        guard finding.statementIndex != nil || sid != nil else { return nil }
        return AssembledText.string(capacity: 14 + AssembledText.decimalLimit + (sid?.utf8.count ?? 0)) { text in
            if let index = finding.statementIndex {
                text.append("Statement[")
                text.append(decimal: index)
                text.append(UInt8(ascii: "]"))
                if sid != nil { text.append(UInt8(ascii: " ")) }
            }
            if let sid {
                text.append(UInt8(ascii: "\""))
                text.append(sid)
                text.append(UInt8(ascii: "\""))
            }
        }
    }

    /// `Suppressed until 2027-01-31: reason (ecrguard-suppressions.yaml:4)`.
    static func suppression(_ suppression: Suppression) -> String {
        var text = suppression.kind == .baseline ? "In the baseline" : "Suppressed"
        if let expires = suppression.expires { text += " until \(expires)" }
        if !suppression.reason.isEmpty { text += ": \(suppression.reason)" }
        if let location = suppression.entryLocation { text += " (\(location))" }
        return text
    }

    /// The excerpt as a compiler shows it: numbered lines, `^` under the marked columns.
    static func excerpt(_ excerpt: SourceExcerpt, indent: String = "") -> String {
        var out: [UInt8] = []
        appendExcerpt(excerpt, indent: indent, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `excerpt(_:indent:)`'s bytes appended to `out`.
    /// Built from the strings' own storage: this runs for every finding of a large report.
    static func appendExcerpt(_ excerpt: SourceExcerpt, indent: String, to out: inout [UInt8]) {
        let width = AssembledText.withDecimal(excerpt.lines.last?.number ?? 1) { $0.count }
        var indent = indent
        var first = true
        indent.withUTF8 { indent in
            func appendGutter(_ number: Int?) {
                if !first { out.append(UInt8(ascii: "\n")) }
                first = false
                out.append(contentsOf: indent)
                AssembledText.withDecimal(number ?? 0) { digits in
                    let shown = number == nil ? 0 : digits.count
                    for _ in 0..<max(0, width - shown) { out.append(UInt8(ascii: " ")) }
                    if number != nil { out.append(contentsOf: digits) }
                }
                out.append(UInt8(ascii: " "))
                out.append(UInt8(ascii: "|"))
                out.append(UInt8(ascii: " "))
            }
            for line in excerpt.lines {
                appendGutter(line.number)
                var text = line.text
                text.withUTF8 { text in
                    out.append(contentsOf: text)
                    guard let mark = line.mark else { return }
                    appendGutter(nil)
                    // Tabs kept, every other character a space, so the carets line up under the
                    // text: one per Unicode scalar (a scalar's first byte is not 0b10xxxxxx).
                    var scalars = 0
                    for byte in text where byte & 0xC0 != 0x80 {
                        guard scalars < mark.start else { break }
                        out.append(byte == UInt8(ascii: "\t") ? UInt8(ascii: "\t") : UInt8(ascii: " "))
                        scalars += 1
                    }
                    for _ in 0..<max(1, mark.end - mark.start) { out.append(UInt8(ascii: "^")) }
                }
            }
        }
    }
}
