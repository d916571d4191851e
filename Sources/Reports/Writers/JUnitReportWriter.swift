import Foundation
import PolicyCore

/// `junit.xml` (valid against `junit-10.xsd`), for GitLab's and Jenkins' test views:
/// - suite `ecrguard gate`: one case whose outcome is the verdict (so the exit code shows as a test);
/// - suite `expectations`: one case per expectation;
/// - one suite per policy file: one case per rule, failing when a finding of that rule in that file
///   fails the gate. Findings below the threshold and suppressed ones are listed in `system-out`.
///   In a file that could not be read or parsed (`InputErrors`) the other rules' cases are skipped.
/// Test case names are unique across the file. The root is named after the command (`ecrguard audit`,
/// `ecrguard check`); every case has a `file` attribute (the policy file, or the manifest), which
/// GitLab shows and links, and a `classname` without dots, which Jenkins would otherwise split into a
/// package and a class (`policies/a.json` would become class `json`). Each finding's body carries its
/// `FindingFingerprint`, the value SARIF and report.json give it.
public enum JUnitReportWriter {
    public struct Options: Sendable {
        /// Also write a passing case for every known rule without findings in a file (what was
        /// checked, not only what failed). Off for very large registries to keep the file small.
        public var includePassingRules: Bool
        /// Passing cases are left out anyway when files × rules would exceed this (a registry of
        /// 10,000 repositories would otherwise list hundreds of thousands of passing cases).
        public var passingRuleCaseLimit: Int

        public init(includePassingRules: Bool = true, passingRuleCaseLimit: Int = 20_000) {
            self.includePassingRules = includePassingRules
            self.passingRuleCaseLimit = passingRuleCaseLimit
        }

        /// Whether passing rule cases are written for a report with these many files and rules.
        func listsPassingRules(files: Int, rules: Int) -> Bool {
            includePassingRules && files * rules <= passingRuleCaseLimit
        }
    }

    public static func render(_ report: AuditReport) throws -> Data {
        try render(report, options: Options())
    }

    public static func render(_ report: AuditReport, options: Options) throws -> Data {
        try render(report, options: options, derived: ReportDerivations(report))
    }

    static func render(_ report: AuditReport, options: Options, derived: ReportDerivations) throws -> Data {
        let output = ReportOutput()
        try render(report, options: options, derived: derived, into: output)
        return Data(output.bytes)
    }

    /// Written element by element as it is made: no tree of the document is built.
    static func render(_ report: AuditReport, options: Options, derived: ReportDerivations, into output: ReportOutput) throws {
        try MarkupSerializer.xml(into: output) { sink throws(MarkupError) in try write(report, options: options, derived: derived, into: sink) }
    }

    /// The tree the same calls describe (libxml2's serialisation of it is what `render` is tested against).
    static func document(_ report: AuditReport, options: Options, derived: ReportDerivations) -> MarkupElement {
        let nodes = MarkupTreeBuilder.nodes { builder throws(MarkupError) in try write(report, options: options, derived: derived, into: builder) }
        guard nodes.count == 1, case let .element(root) = nodes[0] else { preconditionFailure("junit.xml has one root element") }
        return root
    }

    /// The document, element by element: the root's totals first (from the plan of the file suites),
    /// then each suite as it is written.
    static func write(_ report: AuditReport, options: Options, derived: ReportDerivations, into out: any MarkupSink) throws(MarkupError) {
        var names = UniqueNames()
        let metadata = report.metadata
        let timestamp = UTCTimestamp.format(metadata.generatedAt)
        let files = policyFiles(report)
        let plan = FileSuitePlan(report, files: files, options: options, prints: derived.fingerprints)
        let expectations = report.expectations.sorted { ($0.name, $0.expected, $0.actual) < ($1.name, $1.expected, $1.actual) }
        let failedExpectations = expectations.count { !$0.passed }
        let tests = 1 + expectations.count + plan.suites.reduce(0) { $0 + $1.caseCount }
        let failures = (metadata.verdict == .fail ? 1 : 0) + failedExpectations + plan.suites.reduce(0) { $0 + $1.failures }
        try out.start("testsuites", [
            "name": "\(metadata.toolName) \(metadata.command)",
            "tests": String(tests),
            "failures": String(failures),
            "errors": metadata.verdict == .error ? "1" : "0",
            "time": "0",
        ])
        var id = 0
        try writeGateSuite(report, timestamp: timestamp, listsPassingRules: plan.listsPassingRules, names: &names, into: out)
        if !expectations.isEmpty {
            id += 1
            try writeExpectationSuite(report, expectations, failures: failedExpectations, timestamp: timestamp, id: id, names: &names, into: out)
        }
        let excerpts = derived.excerpts, prints = derived.fingerprints
        for suite in plan.suites {
            id += 1
            try writeFileSuite(suite, report: report, prints: prints, excerpts: excerpts, timestamp: timestamp, id: id, names: &names, into: out)
        }
        try out.end()
    }

    /// `<testsuite name=… tests=… failures=… errors=… skipped=… time="0" timestamp=… id=…>`.
    private static func startSuite(_ name: String, tests: Int, failures: Int, errors: Int, skipped: Int, timestamp: String, id: Int,
                                   into out: any MarkupSink) throws(MarkupError) {
        try out.start("testsuite", [
            "name": name,
            "tests": String(tests),
            "failures": String(failures),
            "errors": String(errors),
            "skipped": String(skipped),
            "time": "0",
            "timestamp": timestamp,
            "id": String(id),
        ])
    }

    private static func writeProperties(_ report: AuditReport, listsPassingRules: Bool, into out: any MarkupSink) throws(MarkupError) {
        let metadata = report.metadata
        let values: [(String, String)] = [
            ("tool", "\(metadata.toolName) \(metadata.toolVersion)"),
            ("inputs", metadata.inputs.joined(separator: ", ")),
            ("generatedAt", UTCTimestamp.format(metadata.generatedAt)),
            ("threshold", metadata.threshold.rawValue),
            ("failOnCodes", metadata.failOnCodes.sorted().joined(separator: ",")),
            ("verdict", metadata.verdict.rawValue),
            ("exitCode", String(metadata.verdict.exitCode)),
            ("passingRuleCases", listsPassingRules ? "listed" : "omitted: only rules with findings have test cases"),
        ]
        try out.start("properties")
        for (name, value) in values {
            try out.start("property", ["name": name, "value": value])
            try out.end()
        }
        try out.end()
    }

    private static func writeGateSuite(_ report: AuditReport, timestamp: String, listsPassingRules: Bool, names: inout UniqueNames,
                                       into out: any MarkupSink) throws(MarkupError) {
        let metadata = report.metadata
        try startSuite("ecrguard gate", tests: 1, failures: metadata.verdict == .fail ? 1 : 0, errors: metadata.verdict == .error ? 1 : 0, skipped: 0,
                       timestamp: timestamp, id: 0, into: out)
        try writeProperties(report, listsPassingRules: listsPassingRules, into: out)
        let gating = report.findings.count(where: \.failsGate)
        let failedExpectations = report.expectations.count { !$0.passed }
        try out.start("testcase", [
            "name": names.claim("ecrguard gate (fail on \(metadata.threshold.rawValue) and above)"),
            "classname": classname("ecrguard gate"),
            "time": "0",
        ])
        if let input = metadata.inputs.first { try out.attribute("file", metadata.repositoryRelative(input)) }
        var summary = "\(gating) finding(s) fail the gate; \(failedExpectations) expectation(s) failed."
        let counts = report.counts
        summary += "\nUnsuppressed findings: " + SeverityCounts.displayOrder.map { "\(counts[$0]) \($0.rawValue)" }.joined(separator: ", ")
        summary += "\nInputs: " + metadata.inputs.joined(separator: ", ")
        switch metadata.verdict {
        case .pass:
            try out.element("system-out", text: summary)
        case .fail:
            try out.element("failure", ["type": "GATE_FAILED",
                                        "message": "Gate failed (exit 1): \(gating) finding(s) at or above \(metadata.threshold.rawValue), \(failedExpectations) failed expectation(s)"],
                            text: summary)
        case .error:
            try out.element("error", ["type": AuditDescriptors.inputError.code, "message": "The audit could not complete (exit 2)"], text: summary)
        }
        try out.end()
        try out.end()
    }

    private static func writeExpectationSuite(_ report: AuditReport, _ expectations: [ExpectationResult], failures: Int, timestamp: String, id: Int,
                                              names: inout UniqueNames, into out: any MarkupSink) throws(MarkupError) {
        try startSuite("expectations", tests: expectations.count, failures: failures, errors: 0, skipped: 0, timestamp: timestamp, id: id, into: out)
        for expectation in expectations {
            try out.start("testcase", [
                "name": names.claim(expectation.name),
                "classname": classname("ecrguard expectations" + (expectation.repository.map { " " + $0 } ?? "")),
                "time": "0",
            ])
            if let file = expectation.file ?? report.metadata.inputs.first { try out.attribute("file", report.metadata.repositoryRelative(file)) }
            var body = "Expected: \(expectation.expected)\nActual: \(expectation.actual)\n\(expectation.explanation)"
            if !expectation.decidingStatements.isEmpty {
                body += "\nDeciding statements:\n" + expectation.decidingStatements.map { "  - " + $0.summary }.joined(separator: "\n")
            }
            if let file = expectation.file { body += "\nDefined at \(file)" + (expectation.line.map { ":\($0)" } ?? "") }
            if expectation.passed {
                try out.element("system-out", text: body)
            } else {
                try out.element("failure", [
                    "type": AuditDescriptors.expectationFailed.code,
                    "message": "\(expectation.name): expected \(expectation.expected), got \(expectation.actual)",
                ], text: body)
            }
            try out.end()
        }
        try out.end()
    }

    /// A policy file's suite: one case per rule (`FileSuitePlan`), failing when a finding of the rule
    /// fails the gate; each finding's body in it.
    private static func writeFileSuite(_ suite: FileSuitePlan.Suite, report: AuditReport, prints: ReportFingerprints, excerpts: SourceExcerpts,
                                       timestamp: String, id: Int, names: inout UniqueNames, into out: any MarkupSink) throws(MarkupError) {
        let file = suite.file
        try startSuite(file, tests: suite.caseCount, failures: suite.failures, errors: 0, skipped: suite.skipped, timestamp: timestamp, id: id, into: out)
        try out.attribute("file", file)
        // The same for every case of the file.
        let fileClass = classname(file), relative = report.metadata.repositoryRelative(file)
        for ruleCase in suite.cases {
            let code = ruleCase.code
            try out.start("testcase", ["name": names.claim("\(code) in \(file)"), "classname": fileClass, "time": "0", "file": relative])
            if let first = ruleCase.failing.first {
                var worst = prints.sorted[first].finding.severity
                for index in ruleCase.failing.dropFirst() { worst = max(worst, prints.sorted[index].finding.severity) }
                let finding = prints.sorted[first].finding
                var message = "\(code) (\(worst.rawValue)) at \(FindingText.location(finding)): \(finding.message)"
                if ruleCase.failing.count > 1 { message += " (+\(ruleCase.failing.count - 1) more)" }
                try out.element("failure", ["type": code, "message": message],
                                text: bodies(ruleCase.failing, prints: prints, excerpts: excerpts, heading: ""))
            }
            if !ruleCase.others.isEmpty {
                try out.element("system-out", text: bodies(ruleCase.others, prints: prints, excerpts: excerpts, heading: "Not failing the gate:\n\n"))
            }
            if ruleCase.failing.isEmpty, ruleCase.others.isEmpty, let unread = suite.unread {
                try out.start("skipped", ["message": "not checked: \(unread.code) \(unread.message)"])
                try out.end()
            }
            try out.end()
        }
        if suite.cases.isEmpty {
            try out.start("testcase", ["name": names.claim("no findings in \(file)"), "classname": fileClass, "time": "0", "file": relative])
            try out.end()
        }
        try out.end()
    }

    /// The bodies of these findings (indices in report order), after `heading`, separated by a blank line.
    private static func bodies(_ indices: [Int], prints: ReportFingerprints, excerpts: SourceExcerpts, heading: String) -> String {
        var text = heading
        for (n, index) in indices.enumerated() {
            if n > 0 { text += "\n\n" }
            text += body(prints.sorted[index], excerpts: excerpts, fingerprint: prints.values[index])
        }
        return text
    }

    /// What each policy file's suite holds, worked out before anything is written (the root and the
    /// suites carry totals). Findings are named by their index in report order
    /// (`ReportFingerprints.sorted`), where a file's findings are together and each rule's are in
    /// the order a case lists them, so each one's fingerprint is the one at its index.
    private struct FileSuitePlan {
        struct Suite {
            var file: String
            var cases: [Case] = []
            var failures = 0
            var skipped = 0
            /// The first finding (in the report's own order) saying the file could not be read or parsed.
            var unread: Finding?
            var caseCount: Int { max(cases.count, 1) }
        }

        struct Case {
            var code: String
            var failing: [Int] = []
            var others: [Int] = []
        }

        var suites: [Suite] = []
        var listsPassingRules: Bool

        init(_ report: AuditReport, files: [String], options: Options, prints: ReportFingerprints) {
            listsPassingRules = options.listsPassingRules(files: files.count, rules: report.rules.count)
            let knownRules = listsPassingRules ? Set(report.rules.map(\.code)) : []
            var unread: [String: Finding] = [:]
            for index in report.findings.indices where InputErrors.isInputError(report.findings[index].finding) {
                let finding = report.findings[index].finding
                if unread[finding.file] == nil { unread[finding.file] = finding }
            }
            let sorted = prints.sorted
            var next = 0
            suites.reserveCapacity(files.count)
            for file in files {
                var suite = Suite(file: file, unread: unread.isEmpty ? nil : unread[file])
                // Both are in file order: this file's findings, if any, come next.
                var byCode: [Case] = []
                while next < sorted.count, sorted[next].finding.file == file {
                    let code = sorted[next].finding.code
                    let position: Int
                    if let found = byCode.firstIndex(where: { $0.code == code }) {
                        position = found
                    } else {
                        position = byCode.count
                        byCode.append(Case(code: code))
                    }
                    if sorted[next].failsGate { byCode[position].failing.append(next) } else { byCode[position].others.append(next) }
                    next += 1
                }
                if listsPassingRules {
                    for code in knownRules where !byCode.contains(where: { $0.code == code }) { byCode.append(Case(code: code)) }
                }
                byCode.sort { $0.code < $1.code }
                for ruleCase in byCode {
                    if !ruleCase.failing.isEmpty { suite.failures += 1 }
                    if ruleCase.failing.isEmpty, ruleCase.others.isEmpty, suite.unread != nil { suite.skipped += 1 }
                }
                suite.cases = byCode
                suites.append(suite)
            }
            // Every finding's file is one of `files`, in the same order.
            precondition(next == sorted.count, "a finding's file is not among the report's files")
        }
    }

    /// Every file with a finding or a source text, sorted.
    static func policyFiles(_ report: AuditReport) -> [String] {
        Set(report.findings.map(\.finding.file)).union(report.sources.keys).sorted()
    }

    /// A test case's `classname`: Jenkins splits a classname at its last `.` into package and class,
    /// so dots become `_` (`policies/a.json` → `policies/a_json`).
    static func classname(_ text: String) -> String {
        text.replacingASCII(".", with: "_")
    }

    /// A finding as a CI log should show it.
    static func body(_ reported: ReportedFinding, excerpts: SourceExcerpts, fingerprint: String) -> String {
        let finding = reported.finding
        // Bytes appended to one buffer, made a string once (this runs for every finding of a large
        // report; a string grown piece by piece cost three times as much).
        var out: [UInt8] = []
        out.reserveCapacity(2048)
        func append(_ text: String) {
            var text = text
            text.withUTF8 { out.append(contentsOf: $0) }
        }
        append(FindingText.location(finding))
        append(" ")
        append(finding.severity.rawValue.uppercased())
        append(" ")
        append(finding.code)
        append(": ")
        append(finding.message)
        let statement = FindingText.statement(finding)
        if !finding.path.isEmpty || statement != nil {
            append("\n  ")
            if !finding.path.isEmpty {
                append("at ")
                append(finding.path)
            }
            if let statement {
                append(finding.path.isEmpty ? "in " : " in ")
                append(statement)
            }
        }
        if let suppression = reported.suppression {
            append("\n  ")
            append(FindingText.suppression(suppression))
        }
        if let excerpt = excerpts.excerpt(for: finding) {
            append("\n")
            FindingText.appendExcerpt(excerpt, indent: "  ", to: &out)
        }
        if let remediation = finding.remediation, !remediation.isEmpty {
            append("\n  Fix: ")
            append(remediation.replacingASCII("\n", with: "\n       "))
        }
        append("\n  Fingerprint: ")
        append(fingerprint)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Hands out names, suffixing ` (2)`, ` (3)` ... to repeats, so every test case name is unique.
struct UniqueNames {
    private var used: Set<String> = []

    mutating func claim(_ name: String) -> String {
        var candidate = name, n = 1
        while used.contains(candidate) {
            n += 1
            candidate = "\(name) (\(n))"
        }
        used.insert(candidate)
        return candidate
    }
}
