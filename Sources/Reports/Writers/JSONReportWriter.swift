import Foundation
import PolicyCore

/// `report.json`: the whole report as data. Findings are encoded per DESIGN.md 3.2 (flat, `line` and
/// `column` from 1) plus `suppressed`, `suppression`, `failsGate` and the source `excerpt`.
/// Keys are sorted and every list is in report order, so the same input gives the same bytes.
///
/// The document is written member by member and its lists item by item, each through
/// `JSONEncoder` and indented to its depth, so the encoder never holds the whole report (a large
/// registry's report is tens of megabytes); the bytes are those of encoding the whole document at
/// once (`renderWhole`, which a test compares).
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
        let d = Document(report, derived: derived)
        var writer = IndentingWriter(output: output)
        writer.out.append(contentsOf: Array("{\n".utf8))
        try writer.list("accessMatrix", d.accessMatrix)
        try writer.member("counts", d.counts)
        try writer.member("exitCode", d.exitCode)
        try writer.member("expectationCounts", d.expectationCounts)
        try writer.list("expectations", d.expectations)
        try writer.list("findings", d.findings)
        try writer.member("formatVersion", d.formatVersion)
        try writer.member("metadata", d.metadata)
        try writer.list("replication", d.replication)
        try writer.member("replicationCounts", d.replicationCounts)
        try writer.list("rules", d.rules)
        try writer.member("suppressedCounts", d.suppressedCounts)
        try writer.member("verdict", d.verdict, last: true)
        writer.out.append(contentsOf: Array("}\n".utf8))
        writer.flush()
    }

    /// The whole document through one `JSONEncoder` call: what `render` must equal byte for byte.
    static func renderWhole(_ report: AuditReport) throws -> Data {
        var data = try IndentingWriter.encoder.encode(Document(report, derived: ReportDerivations(report)))
        data.append(0x0A)
        return data
    }

    /// Writes members of the top-level object at `JSONEncoder`'s pretty-printed layout (two spaces a
    /// level, `"key" : value`, an empty list as `[`, a blank line, `]`).
    private struct IndentingWriter {
        static var encoder: JSONEncoder { ReportJSONEncoder.reference }
        let encoder = Self.encoder
        /// Where `out` goes whenever it holds more than `ReportOutput.bufferSize` bytes.
        let output: ReportOutput
        var out: [UInt8] = []

        init(output: ReportOutput) {
            self.output = output
        }

        mutating func flush() {
            output.append(out)
            out.removeAll(keepingCapacity: true)
        }

        mutating func member(_ key: String, _ value: some Encodable, last: Bool = false) throws {
            out.append(contentsOf: Array("  \"\(key)\" : ".utf8))
            try append(value, indent: 2)
            out.append(contentsOf: Array((last ? "\n" : ",\n").utf8))
        }

        mutating func list(_ key: String, _ items: [some Encodable]) throws {
            out.append(contentsOf: Array("  \"\(key)\" : [\n".utf8))
            if items.isEmpty { out.append(0x0A) }
            for (i, item) in items.enumerated() {
                out.append(contentsOf: Array("    ".utf8))
                try append(item, indent: 4)
                out.append(contentsOf: Array((i == items.count - 1 ? "\n" : ",\n").utf8))
                if out.count >= ReportOutput.bufferSize { flush() }
            }
            out.append(contentsOf: Array("  ],\n".utf8))
        }

        /// `value` as `encoder` encodes it, every line after the first indented by `indent` (even)
        /// spaces: written in place by `ReportJSONEncoder` (the same bytes, faster) unless it holds a
        /// type only `JSONEncoder` encodes.
        private mutating func append(_ value: some Encodable, indent: Int) throws {
            if ReportJSONEncoder.encode(value, depth: indent / 2, into: &out) { return }
            append(try encoder.encode(value), indent: indent)
        }

        /// `data` with every line after the first indented by `indent` spaces (blank lines stay blank).
        /// Copies each line whole (`out.append(byte)` per byte was most of this writer's time).
        private mutating func append(_ data: Data, indent: Int) {
            data.withUnsafeBytes { raw in JSONReportWriter.appendIndented(raw.bindMemory(to: UInt8.self), indent: indent, to: &out) }
        }
    }

    /// Appends the lines of `bytes`, every one after the first preceded by `indent` spaces unless it
    /// is empty: `JSONEncoder`'s pretty-printed value placed at a depth of `indent`.
    static func appendIndented(_ bytes: UnsafeBufferPointer<UInt8>, indent: Int, to result: inout [UInt8]) {
        let newline = UInt8(ascii: "\n")
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: newline).map { $0 + 1 } ?? bytes.count
            if start > 0 && bytes[start] != newline { result.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent)) }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
    }

    private struct Document: Encodable {
        var formatVersion = JSONReportWriter.formatVersion
        var metadata: ReportMetadata
        var verdict: Verdict
        var exitCode: Int32
        var counts: SeverityCounts
        var suppressedCounts: SeverityCounts
        var findings: [EncodedFinding]
        var rules: [RuleDescriptor]
        var accessMatrix: [AccessMatrixEntry]
        var replication: [ReplicationEntry]
        var expectations: [ExpectationResult]
        var expectationCounts: PassFail
        var replicationCounts: [String: Int]

        init(_ report: AuditReport, derived: ReportDerivations) {
            metadata = report.metadata
            verdict = report.metadata.verdict
            exitCode = report.metadata.verdict.exitCode
            counts = report.counts
            suppressedCounts = report.suppressedCounts
            let excerpts = derived.excerpts
            let prints = derived.fingerprints
            findings = zip(prints.sorted, prints.values).map {
                EncodedFinding(reported: $0, excerpt: excerpts.excerpt(for: $0.finding), reportFingerprint: $1)
            }
            rules = report.allRules
            accessMatrix = report.accessMatrix.sorted(by: ReportOrdering.matrixPrecedes)
            replication = report.replication.sorted(by: ReportOrdering.replicationPrecedes)
            expectations = report.expectations.sorted(by: ReportOrdering.expectationPrecedes)
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
