/// What one finding code means, independent of any one policy: the stable code users suppress and
/// gate on, its severity and category, and the text `ecrguard check --list-rules`, `docs/rules.md`,
/// SARIF rule metadata and the reports show. Every code ecrguard can report has exactly one
/// descriptor, listed in `RuleCatalog.everyCode` (PolicyChecks); the policy core's validation codes
/// are the static members in `Validation/ValidationCodes.swift`.
public struct RuleDescriptor: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Stable identifier; IAM Access Analyzer's issue code where it has a check for the same thing.
    public var code: String
    /// Default severity; a rule may raise or lower it per finding (PUBLIC_ACCESS does, by exposure).
    public var severity: Severity
    public var category: FindingCategory
    /// One line, sentence case, no trailing period.
    public var title: String
    /// Why this matters and what to do about it, a short paragraph.
    public var help: String
    /// How to fix what it finds, in general (findings carry their own, more specific one).
    public var remediation: String?
    public var helpURI: String?

    /// `helpURI` when it may be shown as a link (an `https:` address); reports that render links
    /// (HTML, the diff's Markdown) link only this, so no other scheme becomes clickable.
    public var linkableHelpURI: String? { helpURI.flatMap { $0.hasPrefix("https://") ? $0 : nil } }

    public init(code: String, severity: Severity, category: FindingCategory, title: String, help: String,
                remediation: String? = nil, helpURI: String? = nil) {
        self.code = code
        self.severity = severity
        self.category = category
        self.title = title
        self.help = help
        self.remediation = remediation
        self.helpURI = helpURI
    }

    public var description: String { code }

    // The reports' JSON keeps the member order it always had (code, title, severity, ...).
    enum CodingKeys: String, CodingKey { case code, title, severity, category, help, remediation, helpURI }
}
