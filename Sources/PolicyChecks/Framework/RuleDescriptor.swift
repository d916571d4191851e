import PolicyCore

/// What a rule reports, independent of any one policy: the stable code users suppress and gate on,
/// its default severity and category, and the text shown in `--list-rules`, SARIF rule metadata and
/// reports.
public struct RuleDescriptor: Sendable, Hashable {
    /// Stable identifier; IAM Access Analyzer's issue code where it has a check for the same thing.
    public var code: String
    /// Default severity; a rule may raise or lower it per finding (PUBLIC_ACCESS does, by exposure).
    public var severity: Severity
    public var category: FindingCategory
    /// One line, sentence case, no trailing period.
    public var title: String
    /// Why this matters and what to do about it, a short paragraph.
    public var help: String

    public init(code: String, severity: Severity, category: FindingCategory, title: String, help: String) {
        self.code = code
        self.severity = severity
        self.category = category
        self.title = title
        self.help = help
    }
}
