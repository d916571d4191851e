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
        try MarkupSerializer.xml(document(report, options: options, derived: derived))
    }

    static func render(_ report: AuditReport, options: Options, derived: ReportDerivations, into output: ReportOutput) throws {
        try MarkupSerializer.xml(document(report, options: options, derived: derived), into: output)
    }

    static func document(_ report: AuditReport, options: Options, derived: ReportDerivations) -> MarkupElement {
        var names = UniqueNames()
        let timestamp = UTCTimestamp.format(report.metadata.generatedAt)
        var suites: [Suite] = [gateSuite(report, names: &names)]
        if !report.expectations.isEmpty { suites.append(expectationSuite(report, names: &names)) }
        suites += fileSuites(report, options: options, derived: derived, names: &names)

        var root = MarkupElement("testsuites", [
            "name": "\(report.metadata.toolName) \(report.metadata.command)",
            "tests": String(suites.map(\.cases.count).reduce(0, +)),
            "failures": String(suites.map(\.failures).reduce(0, +)),
            "errors": String(suites.map(\.errors).reduce(0, +)),
            "time": "0",
        ])
        for (index, suite) in suites.enumerated() {
            var element = MarkupElement("testsuite", [
                "name": suite.name,
                "tests": String(suite.cases.count),
                "failures": String(suite.failures),
                "errors": String(suite.errors),
                "skipped": String(suite.skipped),
                "time": "0",
                "timestamp": timestamp,
                "id": String(index),
            ])
            if let file = suite.file { element.set("file", file) }
            if index == 0 { element.append(properties(report, options: options)) }
            element.append(contentsOf: suite.cases)
            root.append(element)
        }
        return root
    }

    private struct Suite {
        var name: String
        var file: String?
        var cases: [MarkupElement] = []
        var failures = 0
        var errors = 0
        var skipped = 0
    }

    private static func properties(_ report: AuditReport, options: Options) -> MarkupElement {
        let metadata = report.metadata
        var properties = MarkupElement("properties")
        let values: [(String, String)] = [
            ("tool", "\(metadata.toolName) \(metadata.toolVersion)"),
            ("inputs", metadata.inputs.joined(separator: ", ")),
            ("generatedAt", UTCTimestamp.format(metadata.generatedAt)),
            ("threshold", metadata.threshold.rawValue),
            ("failOnCodes", metadata.failOnCodes.sorted().joined(separator: ",")),
            ("verdict", metadata.verdict.rawValue),
            ("exitCode", String(metadata.verdict.exitCode)),
            ("passingRuleCases", options.listsPassingRules(files: policyFiles(report).count, rules: report.rules.count)
                ? "listed" : "omitted: only rules with findings have test cases"),
        ]
        for (name, value) in values { properties.append(MarkupElement("property", ["name": name, "value": value])) }
        return properties
    }

    private static func gateSuite(_ report: AuditReport, names: inout UniqueNames) -> Suite {
        var suite = Suite(name: "ecrguard gate")
        let metadata = report.metadata
        let gating = report.findings.filter(\.failsGate)
        let failedExpectations = report.expectations.filter { !$0.passed }
        var testcase = MarkupElement("testcase", [
            "name": names.claim("ecrguard gate (fail on \(metadata.threshold.rawValue) and above)"),
            "classname": classname("ecrguard gate"),
            "time": "0",
        ])
        if let input = metadata.inputs.first { testcase.set("file", metadata.repositoryRelative(input)) }
        var summary = "\(gating.count) finding(s) fail the gate; \(failedExpectations.count) expectation(s) failed."
        let counts = report.counts
        summary += "\nUnsuppressed findings: " + SeverityCounts.displayOrder.map { "\(counts[$0]) \($0.rawValue)" }.joined(separator: ", ")
        summary += "\nInputs: " + metadata.inputs.joined(separator: ", ")
        switch metadata.verdict {
        case .pass:
            testcase.append(MarkupElement("system-out", text: summary))
        case .fail:
            suite.failures += 1
            testcase.append(MarkupElement("failure", ["type": "GATE_FAILED",
                                                      "message": "Gate failed (exit 1): \(gating.count) finding(s) at or above \(metadata.threshold.rawValue), \(failedExpectations.count) failed expectation(s)"],
                                          text: summary))
        case .error:
            suite.errors += 1
            testcase.append(MarkupElement("error", ["type": AuditDescriptors.inputError.code, "message": "The audit could not complete (exit 2)"], text: summary))
        }
        suite.cases.append(testcase)
        return suite
    }

    private static func expectationSuite(_ report: AuditReport, names: inout UniqueNames) -> Suite {
        var suite = Suite(name: "expectations")
        for expectation in report.expectations.sorted(by: { ($0.name, $0.expected, $0.actual) < ($1.name, $1.expected, $1.actual) }) {
            var testcase = MarkupElement("testcase", [
                "name": names.claim(expectation.name),
                "classname": classname("ecrguard expectations" + (expectation.repository.map { " " + $0 } ?? "")),
                "time": "0",
            ])
            if let file = expectation.file ?? report.metadata.inputs.first { testcase.set("file", report.metadata.repositoryRelative(file)) }
            var body = "Expected: \(expectation.expected)\nActual: \(expectation.actual)\n\(expectation.explanation)"
            if !expectation.decidingStatements.isEmpty {
                body += "\nDeciding statements:\n" + expectation.decidingStatements.map { "  - " + $0.summary }.joined(separator: "\n")
            }
            if let file = expectation.file { body += "\nDefined at \(file)" + (expectation.line.map { ":\($0)" } ?? "") }
            if expectation.passed {
                testcase.append(MarkupElement("system-out", text: body))
            } else {
                suite.failures += 1
                testcase.append(MarkupElement("failure", [
                    "type": AuditDescriptors.expectationFailed.code,
                    "message": "\(expectation.name): expected \(expectation.expected), got \(expectation.actual)",
                ], text: body))
            }
            suite.cases.append(testcase)
        }
        return suite
    }

    private static func fileSuites(_ report: AuditReport, options: Options, derived: ReportDerivations, names: inout UniqueNames) -> [Suite] {
        let byFile = Dictionary(grouping: report.findings, by: \.finding.file)
        let files = policyFiles(report)
        let listPassing = options.listsPassingRules(files: files.count, rules: report.rules.count)
        let knownRules = Set(report.rules.map(\.code))
        let catalog = report.ruleCatalog
        let excerpts = derived.excerpts
        var prints = FingerprintQueues(derived.fingerprints)
        var suites: [Suite] = []
        for file in files {
            var suite = Suite(name: file, file: file)
            let findings = byFile[file] ?? []
            let byCode = Dictionary(grouping: findings, by: \.finding.code)
            // A file that could not be read or parsed was not checked: its other rules are skipped, not passed.
            let unread = findings.first { InputErrors.isInputError($0.finding) }
            let codes = listPassing ? knownRules.union(byCode.keys).sorted() : byCode.keys.sorted()
            for code in codes {
                let rule = catalog[code] ?? report.rule(for: code)
                let instances = (byCode[code] ?? []).sorted(by: ReportOrdering.reportedPrecedes)
                var testcase = MarkupElement("testcase", [
                    "name": names.claim("\(code) in \(file)"),
                    "classname": classname(file),
                    "time": "0",
                    "file": report.metadata.repositoryRelative(file),
                ])
                let failing = instances.filter(\.failsGate)
                let others = instances.filter { !$0.failsGate }
                if !failing.isEmpty {
                    suite.failures += 1
                    let worst = failing.map(\.finding.severity).max() ?? rule.severity
                    let first = failing[0].finding
                    var message = "\(code) (\(worst.rawValue)) at \(FindingText.location(first)): \(first.message)"
                    if failing.count > 1 { message += " (+\(failing.count - 1) more)" }
                    testcase.append(MarkupElement("failure", ["type": code, "message": message],
                                                  text: failing.map { body($0, excerpts: excerpts, fingerprint: prints.take($0)) }.joined(separator: "\n\n")))
                }
                if !others.isEmpty {
                    let text = "Not failing the gate:\n\n" + others.map { body($0, excerpts: excerpts, fingerprint: prints.take($0)) }.joined(separator: "\n\n")
                    testcase.append(MarkupElement("system-out", text: text))
                }
                if instances.isEmpty, let unread {
                    suite.skipped += 1
                    testcase.append(MarkupElement("skipped", ["message": "not checked: \(unread.finding.code) \(unread.finding.message)"]))
                }
                suite.cases.append(testcase)
            }
            if codes.isEmpty {
                suite.cases.append(MarkupElement("testcase", ["name": names.claim("no findings in \(file)"), "classname": classname(file), "time": "0",
                                                               "file": report.metadata.repositoryRelative(file)]))
            }
            suites.append(suite)
        }
        return suites
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
        var lines = ["\(FindingText.location(finding)) \(finding.severity.rawValue.uppercased()) \(finding.code): \(finding.message)"]
        var position: [String] = []
        if !finding.path.isEmpty { position.append("at \(finding.path)") }
        if let statement = FindingText.statement(finding) { position.append("in \(statement)") }
        if !position.isEmpty { lines.append("  " + position.joined(separator: " ")) }
        if let suppression = reported.suppression { lines.append("  " + FindingText.suppression(suppression)) }
        if let excerpt = excerpts.excerpt(for: finding) { lines.append(FindingText.excerpt(excerpt, indent: "  ")) }
        if let remediation = finding.remediation, !remediation.isEmpty {
            lines.append("  Fix: " + remediation.replacingASCII("\n", with: "\n       "))
        }
        lines.append("  Fingerprint: " + fingerprint)
        return lines.joined(separator: "\n")
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
