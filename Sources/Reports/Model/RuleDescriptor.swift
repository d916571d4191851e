import PolicyCore

/// What a rule checks, for SARIF `rules` and report headings.
public struct RuleDescriptor: Sendable, Hashable, Codable {
    /// The stable finding code (`PUBLIC_ACCESS`).
    public var code: String
    /// A short title: "Repository policy grants access to anyone".
    public var title: String
    /// The rule's default severity (individual findings may differ).
    public var severity: Severity
    public var category: FindingCategory
    /// What the rule looks for and why it matters, in plain text.
    public var help: String
    /// How to fix what it finds, in general.
    public var remediation: String?
    public var helpURI: String?

    public init(code: String, title: String, severity: Severity, category: FindingCategory, help: String,
                remediation: String? = nil, helpURI: String? = nil) {
        self.code = code
        self.title = title
        self.severity = severity
        self.category = category
        self.help = help
        self.remediation = remediation
        self.helpURI = helpURI
    }
}
