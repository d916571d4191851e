import Foundation
import PolicyCore

/// `report.json`: the whole report as data. Findings are encoded per DESIGN.md 3.2 (flat, `line` and
/// `column` from 1) plus `suppressed`, `suppression`, `failsGate` and the source `excerpt`.
/// Keys are sorted and every list is in report order, so the same input gives the same bytes.
///
/// The document is written value by value by a `JSONEmitter` straight into the output (the findings
/// one at a time, each with its excerpt), so it is never held whole (a large registry's report is
/// tens of megabytes); the bytes are those of `JSONEncoder` encoding the whole document at once
/// (`renderWhole`, which the tests compare).
public enum JSONReportWriter {
    public static let formatVersion = 1

    public static func render(_ report: AuditReport) throws -> Data {
        try render(report, derived: ReportDerivations(report))
    }

    static func render(_ report: AuditReport, derived: ReportDerivations) throws -> Data {
        let output = ReportOutput()
        try render(report, derived: derived, into: output)
        return Data(output.bytes)
    }

    static func render(_ report: AuditReport, derived: ReportDerivations, into output: ReportOutput) throws {
        let d = Document(report)
        // The lists in report order through sorted indices (sorting indices moves no entries).
        let matrixOrder = ReportOrdering.order(report.accessMatrix, by: ReportOrdering.matrixPrecedes)
        let replicationOrder = ReportOrdering.order(report.replication) { ReportOrdering.replicationPrecedes($0.pointee, $1.pointee) }
        let expectationOrder = ReportOrdering.order(report.expectations) { ReportOrdering.expectationPrecedes($0.pointee, $1.pointee) }
        var json = JSONEmitter(output: output)
        json.openObject()
        json.key("accessMatrix")
        json.openArray()
        for index in matrixOrder {
            json.element()
            json.emit(report.accessMatrix[index])
        }
        json.closeArray()
        json.key("counts")
        json.emit(d.counts)
        json.member("exitCode", Int(d.exitCode))
        json.key("expectationCounts")
        json.openObject()
        json.member("failed", d.expectationCounts.failed)
        json.member("passed", d.expectationCounts.passed)
        json.closeObject()
        json.key("expectations")
        json.openArray()
        for index in expectationOrder {
            json.element()
            json.emit(report.expectations[index])
        }
        json.closeArray()
        json.key("findings")
        json.openArray()
        let excerpts = derived.excerpts, findings = derived.fingerprints.sorted, fingerprints = derived.fingerprints.values
        for i in findings.indices {
            json.element()
            json.emitFinding(findings[i], excerpt: excerpts.excerpt(for: findings[i].finding), reportFingerprint: fingerprints[i])
        }
        json.closeArray()
        json.member("formatVersion", d.formatVersion)
        json.key("metadata")
        json.emit(d.metadata)
        json.key("replication")
        json.openArray()
        for index in replicationOrder {
            json.element()
            json.emit(report.replication[index])
        }
        json.closeArray()
        json.key("replicationCounts")
        json.openObject()
        for (status, count) in d.replicationCounts.sorted(by: { $0.key < $1.key }) {
            json.key(status)
            json.int(count)
        }
        json.closeObject()
        json.key("rules")
        json.openArray()
        for rule in d.rules {
            json.element()
            json.emit(rule)
        }
        json.closeArray()
        json.key("suppressedCounts")
        json.emit(d.suppressedCounts)
        json.member("verdict", d.verdict.rawValue)
        json.closeObject()
        json.finishDocument()
    }

    /// The whole document through one `JSONEncoder` call: what `render` must equal byte for byte.
    static func renderWhole(_ report: AuditReport) throws -> Data {
        var document = Document(report)
        // Sorted here by the orderings themselves, independently of `render`'s sorted indices.
        document.accessMatrix = report.accessMatrix.sorted(by: ReportOrdering.matrixPrecedes)
        document.replication = report.replication.sorted(by: ReportOrdering.replicationPrecedes)
        document.expectations = report.expectations.sorted(by: ReportOrdering.expectationPrecedes)
        let derived = ReportDerivations(report)
        let excerpts = derived.excerpts, prints = derived.fingerprints
        document.findings = zip(prints.sorted, prints.values).map {
            EncodedFinding(reported: $0, excerpt: excerpts.excerpt(for: $0.finding), reportFingerprint: $1)
        }
        var data = try JSONEmitter.reference.encode(document)
        data.append(0x0A)
        return data
    }

    private struct Document: Encodable {
        var formatVersion = JSONReportWriter.formatVersion
        var metadata: ReportMetadata
        var verdict: Verdict
        var exitCode: Int32
        var counts: SeverityCounts
        var suppressedCounts: SeverityCounts
        /// Filled by `renderWhole` only (`render` streams them).
        var findings: [EncodedFinding] = []
        var rules: [RuleDescriptor]
        /// In report order; filled by `renderWhole` only (`render` streams them).
        var accessMatrix: [AccessMatrixEntry] = []
        var replication: [ReplicationEntry] = []
        var expectations: [ExpectationResult] = []
        var expectationCounts: PassFail
        var replicationCounts: [String: Int]

        init(_ report: AuditReport) {
            metadata = report.metadata
            verdict = report.metadata.verdict
            exitCode = report.metadata.verdict.exitCode
            counts = report.counts
            suppressedCounts = report.suppressedCounts
            rules = report.allRules
            expectationCounts = PassFail(passed: report.expectations.filter(\.passed).count,
                                         failed: report.expectations.filter { !$0.passed }.count)
            replicationCounts = Dictionary(ReplicationStatus.allCases.map { status in
                (status.rawValue, report.replication.filter { $0.status == status }.count)
            }, uniquingKeysWith: +)
        }
    }

    private struct PassFail: Encodable {
        var passed: Int
        var failed: Int
    }

    private struct EncodedFinding: Encodable {
        var reported: ReportedFinding
        var excerpt: SourceExcerpt?
        /// `FindingFingerprint`, as SARIF's `partialFingerprints` and the JUnit case give it.
        var reportFingerprint: String

        enum Keys: String, CodingKey { case excerpt, reportFingerprint }

        func encode(to encoder: any Encoder) throws {
            try reported.encode(to: encoder)
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(excerpt, forKey: .excerpt)
            try c.encode(reportFingerprint, forKey: .reportFingerprint)
        }
    }
}

/// The report's values as their `Encodable` conformances encode them (keys in sorted order).
private extension JSONEmitter {
    mutating func emitFinding(_ reported: ReportedFinding, excerpt: SourceExcerpt?, reportFingerprint: String) {
        // `Finding.encode`, `ReportedFinding.encode` and `EncodedFinding`'s own members, merged and sorted.
        let finding = reported.finding
        openObject()
        member("category", finding.category.rawValue)
        member("code", finding.code)
        member("column", finding.span.start.column)
        member("endColumn", finding.span.end.column)
        member("endLine", finding.span.end.line)
        if let excerpt {
            key("excerpt")
            emit(excerpt)
        }
        member("failsGate", reported.failsGate)
        member("file", finding.file)
        member("fingerprint", ifPresent: finding.fingerprint)
        member("line", finding.span.start.line)
        member("message", finding.message)
        member("path", finding.path)
        member("remediation", ifPresent: finding.remediation)
        member("reportFingerprint", reportFingerprint)
        member("severity", finding.severity.rawValue)
        member("sid", ifPresent: finding.sid)
        member("statement", ifPresent: finding.statementIndex)
        member("suppressed", reported.isSuppressed)
        if let suppression = reported.suppression {
            key("suppression")
            openObject()
            member("entryLocation", ifPresent: suppression.entryLocation)
            member("expires", ifPresent: suppression.expires)
            member("kind", suppression.kind.rawValue)
            member("reason", suppression.reason)
            closeObject()
        }
        closeObject()
    }

    mutating func emit(_ excerpt: SourceExcerpt) {
        openObject()
        key("lines")
        openArray()
        for line in excerpt.lines {
            element()
            openObject()
            member("isInSpan", line.isInSpan)
            if let mark = line.mark {
                key("mark")
                openObject()
                member("end", mark.end)
                member("start", mark.start)
                closeObject()
            }
            member("number", line.number)
            member("text", line.text)
            closeObject()
        }
        closeArray()
        closeObject()
    }

    mutating func emit(_ entry: AccessMatrixEntry) {
        openObject()
        member("assumption", ifPresent: entry.assumption)
        member("blockedBy", strings: entry.blockedBy)
        member("capability", entry.capability)
        member("conditions", strings: entry.conditions)
        key("decidingStatements")
        emit(entry.decidingStatements)
        member("decision", entry.decision.rawValue)
        if let denies = entry.evaluatedDenies {
            key("evaluatedDenies")
            openArray()
            for deny in denies {
                element()
                openObject()
                member("reason", deny.reason)
                key("statement")
                emit(deny.statement)
                closeObject()
            }
            closeArray()
        }
        member("missingContextKeys", strings: entry.missingContextKeys)
        member("note", ifPresent: entry.note)
        member("principal", entry.principal)
        member("principalARN", ifPresent: entry.principalARN)
        member("repository", entry.repository)
        member("risk", ifPresent: entry.risk)
        closeObject()
    }

    mutating func emit(_ statements: [ReportedStatement]) {
        openArray()
        for statement in statements {
            element()
            emit(statement)
        }
        closeArray()
    }

    mutating func emit(_ statement: ReportedStatement) {
        openObject()
        member("effect", ifPresent: statement.effect)
        member("file", ifPresent: statement.file)
        member("index", ifPresent: statement.index)
        member("line", ifPresent: statement.line)
        member("policy", statement.policy)
        member("sid", ifPresent: statement.sid)
        closeObject()
    }

    mutating func emit(_ counts: SeverityCounts) {
        openObject()
        member("critical", counts.critical)
        member("high", counts.high)
        member("info", counts.info)
        member("low", counts.low)
        member("medium", counts.medium)
        closeObject()
    }

    mutating func emit(_ expectation: ExpectationResult) {
        openObject()
        member("actual", expectation.actual)
        member("capability", ifPresent: expectation.capability)
        key("decidingStatements")
        emit(expectation.decidingStatements)
        member("expected", expectation.expected)
        member("explanation", expectation.explanation)
        member("file", ifPresent: expectation.file)
        member("line", ifPresent: expectation.line)
        member("name", expectation.name)
        member("passed", expectation.passed)
        member("principal", ifPresent: expectation.principal)
        member("repository", ifPresent: expectation.repository)
        closeObject()
    }

    /// `ReportMetadata.encode`.
    mutating func emit(_ metadata: ReportMetadata) {
        openObject()
        member("command", metadata.command)
        member("exitCode", Int(metadata.verdict.exitCode))
        member("failOnCodes", strings: metadata.failOnCodes.sorted())
        member("generatedAt", UTCTimestamp.format(metadata.generatedAt))
        member("inputs", strings: metadata.inputs)
        member("threshold", metadata.threshold.rawValue)
        member("toolName", metadata.toolName)
        member("toolVersion", metadata.toolVersion)
        member("verdict", metadata.verdict.rawValue)
        closeObject()
    }

    mutating func emit(_ entry: ReplicationEntry) {
        openObject()
        member("destinationAccount", entry.destinationAccount)
        member("destinationRegion", entry.destinationRegion)
        member("filters", strings: entry.filters)
        member("notes", strings: entry.notes)
        member("reason", entry.reason)
        member("ruleIndex", ifPresent: entry.ruleIndex)
        member("sourceAccount", ifPresent: entry.sourceAccount)
        member("sourceRegion", ifPresent: entry.sourceRegion)
        member("sourceRepository", entry.sourceRepository)
        member("status", entry.status.rawValue)
        closeObject()
    }

    mutating func emit(_ rule: RuleDescriptor) {
        openObject()
        member("category", rule.category.rawValue)
        member("code", rule.code)
        member("help", rule.help)
        member("helpURI", ifPresent: rule.helpURI)
        member("remediation", ifPresent: rule.remediation)
        member("severity", rule.severity.rawValue)
        member("title", rule.title)
        closeObject()
    }
}
