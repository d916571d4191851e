import PolicyCore

/// How findings read as plain text, shared by the JUnit bodies and the terminal summary.
enum FindingText {
    /// `policies/repo.json:5:7`.
    static func location(_ finding: Finding) -> String {
        "\(finding.file):\(finding.span.start.line):\(finding.span.start.column)"
    }

    /// `Statement[0] "AllowPull"`, or nil when the finding is not about one statement.
    static func statement(_ finding: Finding) -> String? {
        switch (finding.statementIndex, finding.sid) {
        case let (index?, sid?) where !sid.isEmpty: "Statement[\(index)] \"\(sid)\""
        case let (index?, _): "Statement[\(index)]"
        case let (nil, sid?) where !sid.isEmpty: "\"\(sid)\""
        default: nil
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
        let width = String(excerpt.lines.last?.number ?? 1).count
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var out: [String] = []
        for line in excerpt.lines {
            out.append("\(indent)\(pad(String(line.number))) | \(line.text)")
            if let mark = line.mark {
                // Tabs kept, every other character a space, so the carets line up under the text.
                let prefix = String(decoding: line.text.unicodeScalars.prefix(mark.start).map { $0 == "\t" ? UInt8(ascii: "\t") : UInt8(ascii: " ") },
                                    as: UTF8.self)
                out.append("\(indent)\(pad("")) | \(prefix)\(String(repeating: "^", count: max(1, mark.end - mark.start)))")
            }
        }
        return out.joined(separator: "\n")
    }
}
