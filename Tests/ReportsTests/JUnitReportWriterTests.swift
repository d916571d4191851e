import Foundation
import PolicyCore
@testable import Reports
import TestSupport
import XCTest

final class JUnitReportWriterTests: XCTestCase {
    private func validator(_ name: String = "junit-10.xsd") throws -> XMLSchemaValidator {
        let url = try TestEnvironment.schema(name)
        return try XMLSchemaValidator(schema: Data(contentsOf: url), baseURL: url.path)
    }

    /// Problems against junit-10.xsd without test case files, and against the schema with them.
    private func schemaProblems(_ xml: Data) throws -> [String] {
        try validator("junit-10-testcase-file.xsd").validate(xml).map { "with file: \($0)" }
            + validator().validate(JUnitSchemas.withoutTestCaseFiles(xml)).map { "junit-10.xsd: \($0)" }
    }

    /// `render` writes the tree with `MarkupWriter`; its bytes must be libxml2's serialisation of the
    /// whole tree (`xmlDocDumpFormatMemoryEnc`, UTF-8, indented).
    func testRenderingGivesTheBytesOfLibxml2sWholeTree() throws {
        let empty = AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: [], generatedAt: SampleReports.generatedAt, threshold: .high, verdict: .pass))
        var errored = SampleReports.failing()
        errored.metadata.verdict = .error
        for report in [SampleReports.failing(), SampleReports.hostile(), empty, errored] {
            let whole = try MarkupSerializer.wholeXML(JUnitReportWriter.document(report, options: .init(), derived: ReportDerivations(report)))
            XCTAssertTrue(try JUnitReportWriter.render(report) == whole, String(decoding: whole, as: UTF8.self))
        }
    }

    /// `render` writes the document element by element; for every hostile string in every place a
    /// case or body takes one (file names, codes, messages, paths, Sids, remediations, suppression
    /// reasons, expectations, inputs), identical and near-identical findings, a file that could not be
    /// read, and passing rule cases listed or left out, its bytes must be libxml2's serialisation of
    /// the whole tree the same calls build.
    func testElementByElementGivesLibxml2sBytesForHostileReports() throws {
        var report = SampleReports.failing()
        for (n, text) in MarkupWriterTests.hostile.enumerated() {
            let file = "policies/\(n % 7)/" + text + ".json"
            let finding = Finding(code: "CODE_\(n % 3)", severity: Severity.allCases[n % 5], category: .warning, file: file,
                                  span: SampleReports.span(1 + n % 2, 1, 1 + n % 2, 4), path: text, statementIndex: n % 2 == 0 ? 0 : nil,
                                  sid: text, message: text, remediation: n % 4 == 0 ? nil : text)
            var twin = finding
            twin.severity = .info
            report.findings += [ReportedFinding(finding, failsGate: n % 2 == 0), ReportedFinding(finding, failsGate: n % 2 == 0),
                                ReportedFinding(twin, failsGate: false),
                                ReportedFinding(finding, suppression: Suppression(reason: text, expires: text, entryLocation: text), failsGate: false)]
            report.sources[file] = "{\n  \"Sid\": \"" + text + "\"\n}\n"
            report.expectations.append(ExpectationResult(name: text, repository: n % 2 == 0 ? text : nil, expected: text, actual: text, passed: n % 3 == 0,
                                                         explanation: text, file: n % 2 == 0 ? file : nil, line: n))
            report.metadata.inputs.append(text)
        }
        let unread = "policies/unread " + SampleReports.attributePayload + ".json"
        report.findings.append(ReportedFinding(Finding(code: RuleDescriptor.jsonSyntaxError.code, severity: .critical, category: .error, file: unread,
                                                       span: SampleReports.span(1, 1, 1, 1), path: "", message: SampleReports.scriptPayload), failsGate: true))
        report.sources["policies/only source <&>.json"] = "{}"
        for report in [report, SampleReports.hostile(), SampleReports.jsonHostileStrings()] {
            for options in [JUnitReportWriter.Options(), JUnitReportWriter.Options(includePassingRules: false)] {
                let whole = try MarkupSerializer.wholeXML(JUnitReportWriter.document(report, options: options, derived: ReportDerivations(report)))
                let written = try JUnitReportWriter.render(report, options: options)
                XCTAssertTrue(written == whole, String(decoding: written, as: UTF8.self))
            }
        }
    }

    func testReportsAreValidAgainstTheJUnitSchema() throws {
        let empty = AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: [], generatedAt: SampleReports.generatedAt, threshold: .high, verdict: .pass))
        var errored = SampleReports.failing()
        errored.metadata.verdict = .error
        for report in [SampleReports.failing(), SampleReports.hostile(), empty, errored] {
            let xml = try JUnitReportWriter.render(report)
            XCTAssertEqual(try schemaProblems(xml), [], String(decoding: xml, as: UTF8.self))
        }
    }

    /// GitLab links a case to `file`; Jenkins splits `classname` at its last dot; the root is named
    /// after the command; each finding's body names the fingerprint SARIF and report.json give it.
    func testCasesNameTheirFileKeepDotlessClassnamesAndCarryFingerprints() throws {
        var report = SampleReports.failing()
        report.metadata.command = "check"
        let xml = try JUnitReportWriter.render(report)
        let doc = ParsedXMLDocument(xml: xml)
        XCTAssertEqual(doc.strings("/testsuites/@name"), ["ecrguard check"])
        XCTAssertEqual(doc.count("//testcase[not(@file)]"), 0, String(decoding: xml, as: UTF8.self))
        XCTAssertEqual(doc.strings("//testcase[@name='PUBLIC_ACCESS in policies/repositories/employee-api.json']/@file"),
                       ["policies/repositories/employee-api.json"])
        let classnames = doc.strings("//testcase/@classname")
        XCTAssertFalse(classnames.isEmpty)
        XCTAssertEqual(classnames.filter { $0.contains(".") }, [])
        XCTAssertTrue(classnames.contains("policies/repositories/employee-api_json"), "\(classnames)")
        let sarif = try XCTUnwrap(JSONSerialization.jsonObject(with: SARIFReportWriter.render(report)) as? [String: Any])
        let results = try XCTUnwrap((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let fingerprints = results.filter { ($0["ruleId"] as? String) != "EXPECTATION_FAILED" }
            .compactMap { ($0["partialFingerprints"] as? [String: String])?[FindingFingerprint.sarifKey] }
        XCTAssertEqual(fingerprints.count, report.findings.count)
        let bodies = (doc.strings("//failure") + doc.strings("//system-out")).joined(separator: "\n")
        for fingerprint in fingerprints { XCTAssertTrue(bodies.contains("Fingerprint: " + fingerprint), fingerprint) }
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: JSONReportWriter.render(report)) as? [String: Any])
        let jsonFingerprints = try XCTUnwrap(json["findings"] as? [[String: Any]]).compactMap { $0["reportFingerprint"] as? String }
        XCTAssertEqual(Set(jsonFingerprints), Set(fingerprints))
    }

    func testTheValidatorRejectsWhatTheSchemaForbids() throws {
        let validator = try validator()
        let missingName = Data(#"<testsuites><testsuite tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>"#.utf8)
        let problems = validator.validate(missingName)
        XCTAssertFalse(problems.isEmpty)
        XCTAssertTrue(problems.contains { $0.message.contains("name") }, "\(problems)")
        XCTAssertFalse(validator.validate(Data("<testsuites><unclosed>".utf8)).isEmpty)
    }

    func testOneCasePerExpectationAndPerFileAndRuleWithUniqueNames() throws {
        let report = SampleReports.failing()
        let doc = ParsedXMLDocument(xml: try JUnitReportWriter.render(report))
        XCTAssertTrue(doc.isParsed)
        let names = doc.strings("//testcase/@name")
        XCTAssertEqual(names.count, Set(names).count, "names must be unique: \(names)")
        XCTAssertEqual(doc.count("//testsuite[@name='expectations']/testcase"), report.expectations.count)
        // Two files; each gets a case for every rule with a descriptor or a finding (4 codes).
        let repoFile = "policies/repositories/employee-api.json"
        XCTAssertEqual(Set(doc.strings("//testsuite[@file='\(repoFile)']/testcase/@name")),
                       ["EXTERNAL_ACCESS in \(repoFile)", "MISSING_VERSION in \(repoFile)", "OVERBROAD_WRITE in \(repoFile)", "PUBLIC_ACCESS in \(repoFile)"])
        // Only gate-failing findings fail a case; the suppressed org pull and info findings do not.
        XCTAssertEqual(Set(doc.strings("//testcase[failure]/@name")),
                       ["ecrguard gate (fail on high and above)", "anonymous cannot push employee-api",
                        "OVERBROAD_WRITE in \(repoFile)", "PUBLIC_ACCESS in \(repoFile)"])
        XCTAssertEqual(doc.strings("/testsuites/@failures"), ["4"])
        XCTAssertEqual(doc.strings("/testsuites/@tests"), [String(doc.count("//testcase"))])
        let failure = try XCTUnwrap(doc.strings("//testcase[@name='PUBLIC_ACCESS in \(repoFile)']/failure/@message").first)
        XCTAssertTrue(failure.hasPrefix("PUBLIC_ACCESS (critical) at \(repoFile):14:20: Anyone with an AWS account"), failure)
        let body = try XCTUnwrap(doc.strings("//testcase[@name='PUBLIC_ACCESS in \(repoFile)']/failure").first)
        XCTAssertTrue(body.contains("  14 |       \"Principal\": {\"AWS\": \"*\"},\n     |                    ^^^^^^^^^^^^"), body)
        XCTAssertTrue(body.contains("Fix: Name the principals that push"), body)
        let suppressed = try XCTUnwrap(doc.strings("//testcase[@name='EXTERNAL_ACCESS in \(repoFile)']/system-out").first)
        XCTAssertTrue(suppressed.contains("Suppressed until 2027-03-31: Org-wide pull is intended"), suppressed)
    }

    func testVerdictIsTheGateCase() throws {
        var report = SampleReports.failing()
        for verdict in Verdict.allCases {
            report.metadata.verdict = verdict
            let doc = ParsedXMLDocument(xml: try JUnitReportWriter.render(report))
            XCTAssertEqual(doc.strings("//property[@name='exitCode']/@value"), [String(verdict.exitCode)])
            XCTAssertEqual(doc.count("//testsuite[@name='ecrguard gate']/testcase/failure"), verdict == .fail ? 1 : 0)
            XCTAssertEqual(doc.count("//testsuite[@name='ecrguard gate']/testcase/error"), verdict == .error ? 1 : 0)
        }
    }

    func testHostileStringsStayText() throws {
        let xml = try JUnitReportWriter.render(SampleReports.hostile())
        let doc = ParsedXMLDocument(xml: xml)
        XCTAssertTrue(doc.isParsed, "\(doc.problems)")
        XCTAssertEqual(doc.count("//script"), 0)
        XCTAssertEqual(doc.count("//img"), 0)
        XCTAssertTrue(doc.strings("//failure").contains { $0.contains(SampleReports.scriptPayload) })
        XCTAssertTrue(doc.strings("//testcase/@name").contains { $0.contains(SampleReports.attributePayload) })
    }

    func testPassingRuleCasesCanBeLeftOut() throws {
        let repoFile = "policies/repositories/employee-api.json"
        let withFindings: Set<String> = ["EXTERNAL_ACCESS in \(repoFile)", "OVERBROAD_WRITE in \(repoFile)", "PUBLIC_ACCESS in \(repoFile)"]
        let off = ParsedXMLDocument(xml: try JUnitReportWriter.render(SampleReports.failing(), options: .init(includePassingRules: false)))
        XCTAssertEqual(Set(off.strings("//testsuite[@file='\(repoFile)']/testcase/@name")), withFindings)
        // 2 files x 2 rules with descriptors = 4 cases: within a limit of 4, beyond a limit of 3.
        let within = ParsedXMLDocument(xml: try JUnitReportWriter.render(SampleReports.failing(), options: .init(passingRuleCaseLimit: 4)))
        XCTAssertEqual(Set(within.strings("//testsuite[@file='\(repoFile)']/testcase/@name")), withFindings.union(["MISSING_VERSION in \(repoFile)"]))
        XCTAssertEqual(within.strings("//property[@name='passingRuleCases']/@value"), ["listed"])
        let beyond = ParsedXMLDocument(xml: try JUnitReportWriter.render(SampleReports.failing(), options: .init(passingRuleCaseLimit: 3)))
        XCTAssertEqual(Set(beyond.strings("//testsuite[@file='\(repoFile)']/testcase/@name")), withFindings)
        XCTAssertEqual(beyond.strings("//property[@name='passingRuleCases']/@value"), ["omitted: only rules with findings have test cases"])
    }
}

/// The excerpt in a JUnit body: numbers padded to the widest, carets under the marked scalars
/// (tabs kept, every other scalar before the mark a space, whatever its UTF-8 length).
final class FindingTextExcerptTests: XCTestCase {
    /// A finding's body: its line, where it is (path, statement, both or neither), its suppression,
    /// excerpt, remediation (continuation lines indented under `Fix:`) and fingerprint.
    func testBodiesShowEachPartOnItsOwnLine() {
        let text = "{\n  \"Sid\": \"A\"\n}\n"
        let file = "policies/a.json"
        let excerpts = SourceExcerpts(AuditReport(metadata: ReportMetadata(toolVersion: "0.1.0", inputs: [], generatedAt: SampleReports.generatedAt,
                                                                           threshold: .high, verdict: .pass), sources: [file: text]))
        func finding(path: String, index: Int?, sid: String?, remediation: String?) -> Finding {
            Finding(code: "CODE", severity: .high, category: .warning, file: file, span: SampleReports.span(2, 3, 2, 8), path: path,
                    statementIndex: index, sid: sid, message: "a message", remediation: remediation)
        }
        let excerpt = "  1 | {\n  2 |   \"Sid\": \"A\"\n    |   ^^^^^\n  3 | }"
        XCTAssertEqual(JUnitReportWriter.body(ReportedFinding(finding(path: "", index: nil, sid: nil, remediation: nil), failsGate: true),
                                              excerpts: excerpts, fingerprint: "f0"),
                       "policies/a.json:2:3 HIGH CODE: a message\n" + excerpt + "\n  Fingerprint: f0")
        XCTAssertEqual(JUnitReportWriter.body(ReportedFinding(finding(path: "Statement[0].Sid", index: nil, sid: nil, remediation: ""), failsGate: true),
                                              excerpts: excerpts, fingerprint: "f1"),
                       "policies/a.json:2:3 HIGH CODE: a message\n  at Statement[0].Sid\n" + excerpt + "\n  Fingerprint: f1")
        XCTAssertEqual(JUnitReportWriter.body(ReportedFinding(finding(path: "", index: 0, sid: "S", remediation: "one\ntwo"), failsGate: true),
                                              excerpts: excerpts, fingerprint: "f2"),
                       "policies/a.json:2:3 HIGH CODE: a message\n  in Statement[0] \"S\"\n" + excerpt + "\n  Fix: one\n       two\n  Fingerprint: f2")
        let suppressed = ReportedFinding(finding(path: "Statement[0]", index: 0, sid: nil, remediation: "fix"),
                                         suppression: Suppression(reason: "why", expires: "2027-01-31", entryLocation: "s.yaml:4"), failsGate: false)
        XCTAssertEqual(JUnitReportWriter.body(suppressed, excerpts: excerpts, fingerprint: "f3"),
                       "policies/a.json:2:3 HIGH CODE: a message\n  at Statement[0] in Statement[0]\n  Suppressed until 2027-01-31: why (s.yaml:4)\n"
                           + excerpt + "\n  Fix: fix\n  Fingerprint: f3")
    }

    /// The excerpt built over each line's bytes equals the earlier rendering over Unicode scalars
    /// (kept here as the reference) for tabs, combining marks, emoji sequences, marks past the end
    /// of the text, empty lines and line numbers of every width.
    func testExcerptOverBytesEqualsTheScalarRendering() {
        func reference(_ excerpt: SourceExcerpt, indent: String) -> String {
            let width = String(excerpt.lines.last?.number ?? 1).count
            var out = ""
            func gutter(_ number: String) {
                if !out.isEmpty { out += "\n" }
                out += indent + String(repeating: " ", count: max(0, width - number.count)) + number + " | "
            }
            for line in excerpt.lines {
                gutter(String(line.number))
                out += line.text
                if let mark = line.mark {
                    gutter("")
                    out += line.text.unicodeScalars.prefix(mark.start).map { $0 == "\t" ? "\t" : " " }.joined()
                    out += String(repeating: "^", count: max(1, mark.end - mark.start))
                }
            }
            return out
        }
        let texts = ["", "\t", "{\"a\": 1}", "\t\"e\u{301}\u{1F469}\u{200D}\u{1F4BB}\": \"\u{1F1EB}\u{1F1F7}\",", "\u{2028}\t\tx\u{FFFE}",
                     "caf\u{E9} \u{1F600}\t\u{301}", String(repeating: "\u{10FFFF}a\t", count: 30)]
        var generator = SplitMix64(seed: 202_612_050_912)  // seeded: a failure can be replayed
        for _ in 0..<300 {
            let first = Int.random(in: 1...120, using: &generator)
            let lines = (0..<Int.random(in: 0...5, using: &generator)).map { offset -> SourceExcerpt.Line in
                let text = texts.randomElement(using: &generator)!
                let start = Int.random(in: 0...(text.unicodeScalars.count + 2), using: &generator)
                let mark = Bool.random(using: &generator) ? SourceExcerpt.Mark(start: start, end: start + Int.random(in: -1...4, using: &generator)) : nil
                return .init(number: first + offset * 7, text: text, mark: mark, isInSpan: mark != nil)
            }
            let excerpt = SourceExcerpt(lines: lines)
            for indent in ["", "  ", "\t\u{E9}"] {
                XCTAssertEqual(FindingText.excerpt(excerpt, indent: indent), reference(excerpt, indent: indent), "\(lines)")
            }
        }
    }

    func testCaretsLineUpUnderTheMarkedScalars() {
        let excerpt = SourceExcerpt(lines: [
            .init(number: 9, text: "{", mark: nil, isInSpan: false),
            .init(number: 10, text: "\t\"é🔒\": \"x\",", mark: .init(start: 2, end: 4), isInSpan: true),
            .init(number: 11, text: "", mark: .init(start: 0, end: 0), isInSpan: true),
        ])
        XCTAssertEqual(FindingText.excerpt(excerpt, indent: "  "),
                       "   9 | {\n  10 | \t\"é🔒\": \"x\",\n     | \t ^^\n  11 | \n     | ^")
        XCTAssertEqual(FindingText.excerpt(SourceExcerpt(lines: [])), "")
    }
}
