import PolicyCore

/// Everything one `ecrguard audit` run found, as plain values: the single input of every report
/// writer (HTML, JUnit, SARIF, JSON, terminal).
///
/// The analysis modules map their results into this type; the writers never call back into them.
/// Writers sort what they show, so the order of the arrays here does not change their output.
public struct AuditReport: Sendable, Hashable, Codable {
    public var metadata: ReportMetadata
    /// Every finding, suppressed ones included (they are shown as suppressed and never fail the gate).
    public var findings: [ReportedFinding]
    /// Descriptions of the rules findings refer to (SARIF `rules`, HTML group headings). A finding
    /// whose code has no descriptor gets one derived from the finding itself.
    public var rules: [RuleDescriptor]
    public var accessMatrix: [AccessMatrixEntry]
    public var replication: [ReplicationEntry]
    public var expectations: [ExpectationResult]
    /// The text of each policy file, keyed by the file name findings use, for source excerpts.
    /// Not written to report.json (the excerpts around findings are).
    public var sources: [String: String]

    public init(metadata: ReportMetadata, findings: [ReportedFinding] = [], rules: [RuleDescriptor] = [],
                accessMatrix: [AccessMatrixEntry] = [], replication: [ReplicationEntry] = [],
                expectations: [ExpectationResult] = [], sources: [String: String] = [:]) {
        self.metadata = metadata
        self.findings = findings
        self.rules = rules
        self.accessMatrix = accessMatrix
        self.replication = replication
        self.expectations = expectations
        self.sources = sources
    }

    /// Findings that are not suppressed, by severity (every severity present, zero included).
    public var counts: SeverityCounts { severityCounts(suppressed: false) }

    /// Findings that are suppressed, by severity.
    public var suppressedCounts: SeverityCounts { severityCounts(suppressed: true) }

    /// Counted in place (no array of the findings counted).
    private func severityCounts(suppressed: Bool) -> SeverityCounts {
        var counts = SeverityCounts()
        for index in findings.indices where findings[index].isSuppressed == suppressed { counts[findings[index].finding.severity] += 1 }
        return counts
    }

    /// The lines of source around a finding, with its span marked; nil when the file's text is unknown.
    /// Writers rendering many findings use `SourceExcerpts`, which splits each file once.
    public func excerpt(for finding: Finding, contextLines: Int = 2) -> SourceExcerpt? {
        guard let text = sources[finding.file] else { return nil }
        return SourceExcerpt(text: text, span: finding.span, contextLines: contextLines)
    }

    /// The descriptor for `code`: the supplied one, else one derived from the first finding with that code.
    public func rule(for code: String) -> RuleDescriptor {
        if let rule = rules.first(where: { $0.code == code }) { return rule }
        let sample = findings.map(\.finding).filter { $0.code == code }.sorted(by: ReportOrdering.findingPrecedes).first
        return Self.derivedRule(code: code, sample: sample)
    }

    static func derivedRule(code: String, sample: Finding?) -> RuleDescriptor {
        RuleDescriptor(code: code, severity: sample?.severity ?? .info, category: sample?.category ?? .warning, title: code,
                       help: sample?.message ?? code, remediation: sample?.remediation)
    }

    /// Every rule that has a descriptor or a finding, by code (what writers look rules up in).
    public var ruleCatalog: [String: RuleDescriptor] {
        var catalog: [String: RuleDescriptor] = [:]
        for rule in rules where catalog[rule.code] == nil { catalog[rule.code] = rule }
        var samples: [String: Finding] = [:]
        for index in findings.indices where catalog[findings[index].finding.code] == nil {
            let finding = findings[index].finding
            if let current = samples[finding.code], !ReportOrdering.findingPrecedes(finding, current) { continue }
            samples[finding.code] = finding
        }
        for (code, sample) in samples { catalog[code] = Self.derivedRule(code: code, sample: sample) }
        return catalog
    }

    /// Descriptors for every rule that has a descriptor or a finding, sorted by code.
    public var allRules: [RuleDescriptor] {
        let catalog = ruleCatalog
        return catalog.keys.sorted().map { catalog[$0]! }
    }

    /// Findings in report order: file, position, code, message.
    public var sortedFindings: [ReportedFinding] {
        findings.sorted { ReportOrdering.findingPrecedes($0.finding, $1.finding) }
    }

    enum CodingKeys: String, CodingKey {
        case metadata, findings, rules, accessMatrix, replication, expectations
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(ReportMetadata.self, forKey: .metadata)
        findings = try c.decode([ReportedFinding].self, forKey: .findings)
        rules = try c.decodeIfPresent([RuleDescriptor].self, forKey: .rules) ?? []
        accessMatrix = try c.decodeIfPresent([AccessMatrixEntry].self, forKey: .accessMatrix) ?? []
        replication = try c.decodeIfPresent([ReplicationEntry].self, forKey: .replication) ?? []
        expectations = try c.decodeIfPresent([ExpectationResult].self, forKey: .expectations) ?? []
        sources = [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(findings, forKey: .findings)
        try c.encode(rules, forKey: .rules)
        try c.encode(accessMatrix, forKey: .accessMatrix)
        try c.encode(replication, forKey: .replication)
        try c.encode(expectations, forKey: .expectations)
    }
}
