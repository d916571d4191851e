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

    static func render(_ report: AuditReport, derived: ReportDerivations) throws -> Data {
        let output = ReportOutput()
        try render(report, derived: derived, into: output)
        return Data(output.bytes)
    }

    /// Writes the log value by value (results one at a time) with a `JSONEmitter`: the bytes of
    /// `JSONEncoder` encoding `log(report)` (`renderWhole`, which the tests compare), without the log.
    static func render(_ report: AuditReport, derived: ReportDerivations, into output: ReportOutput) throws {
        let parts = Parts(report, derived: derived)
        let metadata = report.metadata
        var json = JSONEmitter(output: output)
        json.openObject()
        json.member("$schema", schemaURI)
        json.key("runs")
        json.openArray()
        json.element()
        json.openObject()
        json.key("automationDetails")
        json.openObject()
        json.member("id", automationCategory(metadata))
        json.closeObject()
        json.member("columnKind", Run.columnKind)
        json.key("invocations")
        json.openArray()
        json.element()
        json.emit(parts.invocation(metadata))
        json.closeArray()
        json.key("originalUriBaseIds")
        json.openObject()
        json.key(srcRoot)
        json.openObject()
        json.member("description", text: BaseID.rootDescription)
        json.closeObject()
        json.closeObject()
        json.key("properties")
        json.openObject()
        json.member("inputs", strings: metadata.inputs)
        json.member("threshold", metadata.threshold.rawValue)
        json.member("verdict", metadata.verdict.rawValue)
        json.closeObject()
        json.key("results")
        json.openArray()
        for i in parts.findings.indices {
            json.element()
            json.emit(parts.result(i))
        }
        for expectation in parts.failedExpectations {
            json.element()
            json.emit(parts.result(expectation, metadata: metadata))
        }
        json.closeArray()
        json.key("tool")
        json.openObject()
        json.key("driver")
        json.openObject()
        json.member("name", metadata.toolName)
        json.key("rules")
        json.openArray()
        for rule in parts.rules {
            json.element()
            json.emit(rule)
        }
        json.closeArray()
        json.member("semanticVersion", metadata.toolVersion)
        json.member("version", metadata.toolVersion)
        json.closeObject()
        json.closeObject()
        json.closeObject()
        json.closeArray()
        json.member("version", Log.version)
        json.closeObject()
        json.finishDocument()
    }

    /// The whole log through one `JSONEncoder` call: what `render` must equal byte for byte.
    static func renderWhole(_ report: AuditReport) throws -> Data {
        var data = try JSONEmitter.reference.encode(log(report))
        data.append(0x0A)
        return data
    }

    static func log(_ report: AuditReport) -> Log {
        log(report, derived: ReportDerivations(report))
    }

    /// The log as one value (`renderWhole`; `render` writes the same members without building it).
    static func log(_ report: AuditReport, derived: ReportDerivations) -> Log {
        let parts = Parts(report, derived: derived)
        let metadata = report.metadata
        let results = parts.findings.indices.map(parts.result)
            + parts.failedExpectations.map { parts.result($0, metadata: metadata) }
        let run = Run(
            tool: Tool(driver: Driver(name: metadata.toolName, version: metadata.toolVersion,
                                      semanticVersion: metadata.toolVersion, rules: parts.rules)),
            originalUriBaseIds: [srcRoot: BaseID(description: Message(text: BaseID.rootDescription))],
            results: results,
            invocations: [parts.invocation(metadata)],
            automationDetails: AutomationDetails(id: automationCategory(metadata)),
            properties: RunProperties(verdict: metadata.verdict.rawValue, threshold: metadata.threshold.rawValue, inputs: metadata.inputs))
        return Log(schema: schemaURI, version: Log.version, runs: [run])
    }

    /// What the log is made of, computed once: the findings in report order with their fingerprints,
    /// the rules (worst severity per code) and their indices, the failed expectations with a file.
    struct Parts {
        let findings: [ReportedFinding]
        let fingerprints: [String]
        /// Each finding's file as a SARIF artifact location (`uri` of the file relative to the root).
        let artifacts: [ArtifactLocation]
        let failedExpectations: [ExpectationResult]
        let rules: [Rule]
        let ruleIndex: [String: Int]
        let excerpts: SourceExcerpts

        init(_ report: AuditReport, derived: ReportDerivations) {
            let prints = derived.fingerprints
            findings = prints.sorted
            fingerprints = prints.values
            var last: (file: String, artifact: ArtifactLocation)?
            artifacts = prints.relativeFiles.map { file in
                if let last, last.file == file { return last.artifact }   // a file's findings are together
                let artifact = uri(file)
                last = (file, artifact)
                return artifact
            }
            excerpts = derived.excerpts
            failedExpectations = report.expectations.filter { !$0.passed && $0.file != nil }
                .sorted(by: ReportOrdering.expectationPrecedes)
            var worstByCode: [String: Severity] = [:]
            for reported in findings { worstByCode[reported.finding.code] = max(worstByCode[reported.finding.code] ?? .info, reported.finding.severity) }
            var rules = report.allRules.map { rule -> Rule in
                let worst = worstByCode[rule.code] ?? rule.severity
                return Rule(rule, securitySeverity: worst)
            }
            if !failedExpectations.isEmpty && !rules.contains(where: { $0.id == expectationRuleID }) {
                rules.append(Rule(AuditDescriptors.expectationFailed, securitySeverity: .high))
            }
            self.rules = rules
            ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.id, $0) })
        }

        /// The result of finding `index` (in report order).
        func result(_ index: Int) -> Result {
            let reported = findings[index]
            let finding = reported.finding
            let excerpt = excerpts.excerpt(for: finding, contextLines: 0)
            var message = finding.message
            if let remediation = finding.remediation, !remediation.isEmpty { message += "\n\nFix: " + remediation }
            return Result(
                ruleId: finding.code, ruleIndex: ruleIndex[finding.code] ?? 0, level: level(finding.severity),
                message: message,
                location: Location(physicalLocation: PhysicalLocation(
                    artifactLocation: artifacts[index],
                    region: Region(finding.span, snippet: excerpt.map { $0.lines.map(\.text).joined(separator: "\n") })),
                    logicalLocation: finding.path.isEmpty ? nil : LogicalLocation(fullyQualifiedName: finding.path, kind: "member")),
                fingerprint: fingerprints[index],
                suppression: reported.suppression.map(SARIFSuppression.init),
                properties: ResultProperties(severity: finding.severity.rawValue, category: finding.category.rawValue,
                                             jsonPath: finding.path, statement: finding.statementIndex, sid: finding.sid,
                                             failsGate: reported.failsGate))
        }

        /// The result of a failed expectation (which has a file).
        func result(_ expectation: ExpectationResult, metadata: ReportMetadata) -> Result {
            let file = expectation.file ?? ""
            let line = max(1, expectation.line ?? 1)
            let relative = metadata.repositoryRelative(file)
            return Result(
                ruleId: expectationRuleID, ruleIndex: ruleIndex[expectationRuleID] ?? 0, level: "error",
                message: "\(expectation.name): expected \(expectation.expected), got \(expectation.actual). \(expectation.explanation)",
                location: Location(physicalLocation: PhysicalLocation(
                    artifactLocation: uri(relative),
                    region: Region(startLine: line, startColumn: nil, endLine: nil, endColumn: nil, snippet: nil)),
                    logicalLocation: nil),
                fingerprint: FindingFingerprint.of(code: expectationRuleID, file: relative, name: expectation.name),
                suppression: nil,
                properties: ResultProperties(severity: Severity.high.rawValue, category: FindingCategory.securityWarning.rawValue,
                                             jsonPath: nil, statement: nil, sid: nil, failsGate: true))
        }

        func invocation(_ metadata: ReportMetadata) -> Invocation {
            Invocation(executionSuccessful: metadata.verdict != .error, exitCode: Int(metadata.verdict.exitCode),
                       endTimeUtc: UTCTimestamp.format(metadata.generatedAt),
                       toolExecutionNotifications: notifications(findings, ruleIndex: ruleIndex, metadata: metadata))
        }
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
                location: Location(physicalLocation: PhysicalLocation(
                    artifactLocation: uri(metadata.repositoryRelative(finding.file)),
                    region: Region(startLine: max(1, finding.span.start.line), startColumn: max(1, finding.span.start.column),
                                   endLine: nil, endColumn: nil, snippet: nil)),
                    logicalLocation: nil),
                associatedRule: RuleReference(id: finding.code, index: ruleIndex[finding.code]))
        }
    }

    /// The run's `automationDetails.id`: `ecrguard/<command>/`. GitHub code scanning keeps the latest
    /// results per category, so `audit`, `check` and `diff` uploads of one commit do not replace each other.
    static func automationCategory(_ metadata: ReportMetadata) -> String {
        "\(metadata.toolName)/\(metadata.command)/"
    }

    /// RFC 3986 path characters (unreserved, sub-delims, `:`, `@`, `/`); everything else is percent-encoded.
    private static let uriPathCharacters = CharacterSet(charactersIn: uriPathASCII)
    private static let uriPathASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@"
    /// `uriPathCharacters` by byte, so a path that needs no encoding (nearly every one) is taken as it is.
    private static let uriPathBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in uriPathASCII.utf8 { table[Int(byte)] = true }
        return table
    }()

    private static func isURIPathByte(_ byte: UInt8) -> Bool { uriPathBytes[Int(byte)] }

    /// A repo-relative URI against `%SRCROOT%` (`./a b.json` → `a%20b.json`); absolute paths become `file://` URIs.
    static func uri(_ file: String) -> ArtifactLocation {
        var path = file.replacingASCII("\\", with: "/")
        while path.hasPrefix("./") { path.removeFirst(2) }
        if path.isEmpty { path = "unknown" }
        let encoded = path.utf8.allSatisfy(isURIPathByte) ? path
            : path.addingPercentEncoding(withAllowedCharacters: uriPathCharacters) ?? path
        if path.hasPrefix("/") { return ArtifactLocation(uri: "file://" + encoded, uriBaseId: nil) }
        return ArtifactLocation(uri: encoded, uriBaseId: srcRoot)
    }

    // MARK: SARIF objects (only what ecrguard writes)

    struct Log: Encodable {
        static let version = "2.1.0"
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
        var columnKind = Run.columnKind
        var properties: RunProperties
        static let columnKind = "unicodeCodePoints"
    }

    struct BaseID: Encodable {
        static let rootDescription = "The root of the repository the policies were read from."
        var description: Message
    }
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
            // Only a page that exists: the project publishes no documentation site, so a rule's help
            // travels in `help` itself (GitHub shows its Markdown) and `helpUri` is its own `helpURI`.
            helpUri = rule.helpURI
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

    /// A result has one location and one fingerprint, kept as themselves; `encode` writes the
    /// SARIF shape (`message.text`, `locations`, `partialFingerprints`, `suppressions` lists).
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: String
        var location: Location
        /// `partialFingerprints[FindingFingerprint.sarifKey]`.
        var fingerprint: String
        var suppression: SARIFSuppression?
        var properties: ResultProperties

        enum CodingKeys: String, CodingKey { case ruleId, ruleIndex, level, message, locations, partialFingerprints, suppressions, properties }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(ruleId, forKey: .ruleId)
            try c.encode(ruleIndex, forKey: .ruleIndex)
            try c.encode(level, forKey: .level)
            try c.encode(Message(text: message), forKey: .message)
            try c.encode([location], forKey: .locations)
            try c.encode([FindingFingerprint.sarifKey: fingerprint], forKey: .partialFingerprints)
            try c.encodeIfPresent(suppression.map { [$0] }, forKey: .suppressions)
            try c.encode(properties, forKey: .properties)
        }
    }

    /// `logicalLocations` is the one logical location, when there is one.
    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocation: LogicalLocation?

        enum CodingKeys: String, CodingKey { case physicalLocation, logicalLocations }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(physicalLocation, forKey: .physicalLocation)
            try c.encodeIfPresent(logicalLocation.map { [$0] }, forKey: .logicalLocations)
        }
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

    /// `locations` is the one location.
    struct Notification: Encodable {
        var level: String
        var message: Message
        var location: Location
        var associatedRule: RuleReference

        enum CodingKeys: String, CodingKey { case level, message, locations, associatedRule }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(level, forKey: .level)
            try c.encode(message, forKey: .message)
            try c.encode([location], forKey: .locations)
            try c.encode(associatedRule, forKey: .associatedRule)
        }
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

/// The SARIF objects as their `Encodable` conformances encode them (keys in sorted order).
private extension JSONEmitter {
    typealias SARIF = SARIFReportWriter

    mutating func emit(_ result: SARIF.Result) {
        openObject()
        member("level", result.level)
        key("locations")
        openArray()
        element()
        emit(result.location)
        closeArray()
        member("message", text: result.message)
        key("partialFingerprints")
        openObject()
        key(FindingFingerprint.sarifKey)
        string(result.fingerprint)
        closeObject()
        key("properties")
        let properties = result.properties
        openObject()
        member("category", properties.category)
        member("failsGate", properties.failsGate)
        member("jsonPath", ifPresent: properties.jsonPath)
        member("severity", properties.severity)
        member("sid", ifPresent: properties.sid)
        member("statement", ifPresent: properties.statement)
        closeObject()
        member("ruleId", result.ruleId)
        member("ruleIndex", result.ruleIndex)
        if let suppression = result.suppression {
            key("suppressions")
            openArray()
            element()
            openObject()
            member("justification", suppression.justification)
            member("kind", suppression.kind)
            member("status", suppression.status)
            closeObject()
            closeArray()
        }
        closeObject()
    }

    mutating func emit(_ location: SARIF.Location) {
        openObject()
        if let logical = location.logicalLocation {
            key("logicalLocations")
            openArray()
            element()
            openObject()
            member("fullyQualifiedName", logical.fullyQualifiedName)
            member("kind", logical.kind)
            closeObject()
            closeArray()
        }
        key("physicalLocation")
        let physical = location.physicalLocation
        openObject()
        key("artifactLocation")
        openObject()
        member("uri", physical.artifactLocation.uri)
        member("uriBaseId", ifPresent: physical.artifactLocation.uriBaseId)
        closeObject()
        key("region")
        let region = physical.region
        openObject()
        member("endColumn", ifPresent: region.endColumn)
        member("endLine", ifPresent: region.endLine)
        if let snippet = region.snippet { member("snippet", text: snippet.text) }
        member("startColumn", ifPresent: region.startColumn)
        member("startLine", region.startLine)
        closeObject()
        closeObject()
        closeObject()
    }

    mutating func emit(_ invocation: SARIF.Invocation) {
        openObject()
        member("endTimeUtc", invocation.endTimeUtc)
        member("executionSuccessful", invocation.executionSuccessful)
        member("exitCode", invocation.exitCode)
        if let notifications = invocation.toolExecutionNotifications {
            key("toolExecutionNotifications")
            openArray()
            for notification in notifications {
                element()
                openObject()
                key("associatedRule")
                openObject()
                member("id", notification.associatedRule.id)
                member("index", ifPresent: notification.associatedRule.index)
                closeObject()
                member("level", notification.level)
                key("locations")
                openArray()
                element()
                emit(notification.location)
                closeArray()
                member("message", text: notification.message.text)
                closeObject()
            }
            closeArray()
        }
        closeObject()
    }

    mutating func emit(_ rule: SARIF.Rule) {
        openObject()
        key("defaultConfiguration")
        openObject()
        member("level", rule.defaultConfiguration.level)
        closeObject()
        member("fullDescription", text: rule.fullDescription.text)
        key("help")
        openObject()
        member("markdown", rule.help.markdown)
        member("text", rule.help.text)
        closeObject()
        member("helpUri", ifPresent: rule.helpUri)
        member("id", rule.id)
        member("name", rule.name)
        key("properties")
        openObject()
        member("precision", rule.properties.precision)
        member("security-severity", rule.properties.securitySeverity)
        member("severity", rule.properties.severity)
        member("tags", strings: rule.properties.tags)
        closeObject()
        member("shortDescription", text: rule.shortDescription.text)
        closeObject()
    }
}
