import Foundation
import PolicyCore

/// `results.sarif`: SARIF 2.1.0 for GitHub code scanning. Locations are repo-relative URIs against
/// `%SRCROOT%`, regions start at line 1 and count columns in Unicode code points, rules carry help
/// and `security-severity`, and results carry fingerprints that survive edits elsewhere in the file.
public enum SARIFReportWriter {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    public static let srcRoot = "%SRCROOT%"
    static let expectationRuleID = AuditDescriptors.expectationFailed.code

    /// GitHub's `security-severity` (0.0-10.0): 9.0+ critical, 7.0+ high, 4.0+ medium, above 0 low.
    public static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info: "1.0"
        }
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    public static func render(_ report: AuditReport) throws -> Data {
        try render(report, derived: ReportDerivations(report))
    }

    static func render(_ report: AuditReport, derived: ReportDerivations, into output: ReportOutput) throws {
        let log = log(report, derived: derived)
        if let bytes = ReportJSONEncoder.encode(log) {
            output.append(bytes)
        } else {
            output.append(try ReportJSONEncoder.reference.encode(log))
        }
        output.append(0x0A)
    }

    static func render(_ report: AuditReport, derived: ReportDerivations) throws -> Data {
        let log = log(report, derived: derived)
        var data: Data
        if let bytes = ReportJSONEncoder.encode(log) {
            data = Data(bytes)
        } else {
            data = try ReportJSONEncoder.reference.encode(log)
        }
        data.append(0x0A)
        return data
    }

    static func log(_ report: AuditReport) -> Log {
        log(report, derived: ReportDerivations(report))
    }

    static func log(_ report: AuditReport, derived: ReportDerivations) -> Log {
        let prints = derived.fingerprints
        let findings = prints.sorted
        let failedExpectations = report.expectations.filter { !$0.passed && $0.file != nil }
            .sorted(by: ReportOrdering.expectationPrecedes)
        var worstByCode: [String: Severity] = [:]
        for reported in findings { worstByCode[reported.finding.code] = max(worstByCode[reported.finding.code] ?? .info, reported.finding.severity) }
        let excerpts = derived.excerpts
        var rules = report.allRules.map { rule -> Rule in
            let worst = worstByCode[rule.code] ?? rule.severity
            return Rule(rule, securitySeverity: worst)
        }
        if !failedExpectations.isEmpty && !rules.contains(where: { $0.id == expectationRuleID }) {
            rules.append(Rule(AuditDescriptors.expectationFailed, securitySeverity: .high))
        }
        let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        let metadata = report.metadata
        var results = zip(findings, prints.values).map { reported, fingerprint -> Result in
            let finding = reported.finding
            let location = uri(metadata.repositoryRelative(finding.file))
            let excerpt = excerpts.excerpt(for: finding, contextLines: 0)
            var message = finding.message
            if let remediation = finding.remediation, !remediation.isEmpty { message += "\n\nFix: " + remediation }
            return Result(
                ruleId: finding.code, ruleIndex: ruleIndex[finding.code] ?? 0, level: level(finding.severity),
                message: Message(text: message),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: location,
                    region: Region(finding.span, snippet: excerpt.map { $0.lines.map(\.text).joined(separator: "\n") })),
                    logicalLocations: finding.path.isEmpty ? nil : [LogicalLocation(fullyQualifiedName: finding.path, kind: "member")])],
                partialFingerprints: [FindingFingerprint.sarifKey: fingerprint],
                suppressions: reported.suppression.map { [SARIFSuppression($0)] },
                properties: ResultProperties(severity: finding.severity.rawValue, category: finding.category.rawValue,
                                             jsonPath: finding.path, statement: finding.statementIndex, sid: finding.sid,
                                             failsGate: reported.failsGate))
        }
        for expectation in failedExpectations {
            let file = expectation.file ?? ""
            let line = max(1, expectation.line ?? 1)
            let relative = metadata.repositoryRelative(file)
            results.append(Result(
                ruleId: expectationRuleID, ruleIndex: ruleIndex[expectationRuleID] ?? 0, level: "error",
                message: Message(text: "\(expectation.name): expected \(expectation.expected), got \(expectation.actual). \(expectation.explanation)"),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: uri(relative),
                    region: Region(startLine: line, startColumn: nil, endLine: nil, endColumn: nil, snippet: nil)),
                    logicalLocations: nil)],
                partialFingerprints: [FindingFingerprint.sarifKey: FindingFingerprint.of(code: expectationRuleID, file: relative, name: expectation.name)],
                suppressions: nil,
                properties: ResultProperties(severity: Severity.high.rawValue, category: FindingCategory.securityWarning.rawValue,
                                             jsonPath: nil, statement: nil, sid: nil, failsGate: true)))
        }
        let run = Run(
            tool: Tool(driver: Driver(name: metadata.toolName, version: metadata.toolVersion,
                                      semanticVersion: metadata.toolVersion, rules: rules)),
            originalUriBaseIds: [srcRoot: BaseID(description: Message(text: "The root of the repository the policies were read from."))],
            results: results,
            invocations: [Invocation(executionSuccessful: metadata.verdict != .error, exitCode: Int(metadata.verdict.exitCode),
                                     endTimeUtc: UTCTimestamp.format(metadata.generatedAt),
                                     toolExecutionNotifications: notifications(findings, ruleIndex: ruleIndex, metadata: metadata))],
            automationDetails: AutomationDetails(id: automationCategory(metadata)),
            properties: RunProperties(verdict: metadata.verdict.rawValue, threshold: metadata.threshold.rawValue, inputs: metadata.inputs))
        return Log(schema: schemaURI, version: "2.1.0", runs: [run])
    }

    /// One error notification per file that could not be read or parsed (beside its result), so a
    /// viewer shows the run itself as incomplete; nil when every input was read.
    static func notifications(_ findings: [ReportedFinding], ruleIndex: [String: Int], metadata: ReportMetadata) -> [Notification]? {
        let unread = findings.filter { InputErrors.isInputError($0.finding) }
        if unread.isEmpty { return nil }
        return unread.map { reported in
            let finding = reported.finding
            return Notification(
                level: "error", message: Message(text: "\(finding.file): \(finding.message)"),
                locations: [Location(physicalLocation: PhysicalLocation(
                    artifactLocation: uri(metadata.repositoryRelative(finding.file)),
                    region: Region(startLine: max(1, finding.span.start.line), startColumn: max(1, finding.span.start.column),
                                   endLine: nil, endColumn: nil, snippet: nil)),
                    logicalLocations: nil)],
                associatedRule: RuleReference(id: finding.code, index: ruleIndex[finding.code]))
        }
    }

    /// The run's `automationDetails.id`: `ecrguard/<command>/`. GitHub code scanning keeps the latest
    /// results per category, so `audit`, `check` and `diff` uploads of one commit do not replace each other.
    static func automationCategory(_ metadata: ReportMetadata) -> String {
        "\(metadata.toolName)/\(metadata.command)/"
    }

    /// RFC 3986 path characters (unreserved, sub-delims, `:`, `@`, `/`); everything else is percent-encoded.
    private static let uriPathCharacters = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")

    /// A repo-relative URI against `%SRCROOT%` (`./a b.json` → `a%20b.json`); absolute paths become `file://` URIs.
    static func uri(_ file: String) -> ArtifactLocation {
        var path = file.replacingASCII("\\", with: "/")
        while path.hasPrefix("./") { path.removeFirst(2) }
        if path.isEmpty { path = "unknown" }
        let encoded = path.addingPercentEncoding(withAllowedCharacters: uriPathCharacters) ?? path
        if path.hasPrefix("/") { return ArtifactLocation(uri: "file://" + encoded, uriBaseId: nil) }
        return ArtifactLocation(uri: encoded, uriBaseId: srcRoot)
    }

    // MARK: SARIF objects (only what ecrguard writes)

    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }

    struct Run: Encodable {
        var tool: Tool
        var originalUriBaseIds: [String: BaseID]
        var results: [Result]
        var invocations: [Invocation]
        var automationDetails: AutomationDetails
        var columnKind = "unicodeCodePoints"
        var properties: RunProperties
    }

    struct BaseID: Encodable { var description: Message }
    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var rules: [Rule]
    }

    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: MultiformatMessage
        var defaultConfiguration: Configuration
        var helpUri: String?
        var properties: RuleProperties

        init(_ rule: RuleDescriptor, securitySeverity: Severity) {
            id = rule.code
            name = rule.code.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined()
            shortDescription = Message(text: rule.title)
            fullDescription = Message(text: rule.help)
            var text = rule.help, markdown = rule.help
            if let remediation = rule.remediation, !remediation.isEmpty {
                text += "\n\nRemediation: " + remediation
                markdown += "\n\n**Remediation:** " + remediation
            }
            help = MultiformatMessage(text: text, markdown: markdown)
            defaultConfiguration = Configuration(level: SARIFReportWriter.level(rule.severity))
            helpUri = rule.documentationURI
            properties = RuleProperties(securitySeverity: SARIFReportWriter.securitySeverity(securitySeverity),
                                        tags: ["security", "ecr", rule.category.rawValue.lowercased()],
                                        severity: rule.severity.rawValue)
        }
    }

    struct RuleProperties: Encodable {
        var securitySeverity: String
        var tags: [String]
        var precision = "high"
        var severity: String
        enum CodingKeys: String, CodingKey { case securitySeverity = "security-severity", tags, precision, severity }
    }

    struct Configuration: Encodable { var level: String }
    struct Message: Encodable { var text: String }
    struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var suppressions: [SARIFSuppression]?
        var properties: ResultProperties
    }

    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct LogicalLocation: Encodable {
        var fullyQualifiedName: String
        var kind: String
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int?
        var endLine: Int?
        var endColumn: Int?
        var snippet: Message?

        init(startLine: Int, startColumn: Int?, endLine: Int?, endColumn: Int?, snippet: Message?) {
            self.startLine = startLine
            self.startColumn = startColumn
            self.endLine = endLine
            self.endColumn = endColumn
            self.snippet = snippet
        }

        /// SARIF regions are 1-based and end-exclusive in columns, like `SourceSpan`; an empty span
        /// becomes a one-character region so viewers have something to point at.
        init(_ span: SourceSpan, snippet: String?) {
            startLine = max(1, span.start.line)
            startColumn = max(1, span.start.column)
            endLine = max(startLine, span.end.line)
            var end = span.end.column
            if endLine == startLine && end <= startColumn! { end = startColumn! + 1 }
            endColumn = max(1, end)
            self.snippet = snippet.map(Message.init(text:))
        }
    }

    struct SARIFSuppression: Encodable {
        var kind = "external"
        var status = "accepted"
        var justification: String

        init(_ suppression: Suppression) {
            justification = FindingText.suppression(suppression)
        }
    }

    struct ResultProperties: Encodable {
        var severity: String
        var category: String
        var jsonPath: String?
        var statement: Int?
        var sid: String?
        var failsGate: Bool
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var exitCode: Int
        var endTimeUtc: String
        var toolExecutionNotifications: [Notification]?
    }

    struct Notification: Encodable {
        var level: String
        var message: Message
        var locations: [Location]
        var associatedRule: RuleReference
    }

    struct RuleReference: Encodable {
        var id: String
        var index: Int?
    }

    struct AutomationDetails: Encodable { var id: String }

    struct RunProperties: Encodable {
        var verdict: String
        var threshold: String
        var inputs: [String]
    }
}
