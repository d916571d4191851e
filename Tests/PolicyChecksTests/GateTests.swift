import PolicyChecks
import PolicyCore
import XCTest

final class GateTests: XCTestCase {
    static let policyFile = "policies/repositories/base.json"

    func finding(_ code: String, _ severity: Severity, category: FindingCategory = .securityWarning, file: String = policyFile,
                 statement: Int? = 0, sid: String? = "Pull", fingerprint: String? = nil) -> Finding {
        Finding(code: code, severity: severity, category: category, file: file, span: .unknown, path: "Statement[0]",
                statementIndex: statement, sid: sid, message: "m", fingerprint: fingerprint ?? "\(code)-\(file)-\(statement ?? -1)")
    }

    let today = CalendarDate(year: 2026, month: 11, day: 29)

    // MARK: Threshold

    func testDefaultThresholdIsHigh() {
        let gate = GatePolicy()
        XCTAssertTrue(gate.fails(finding("PUBLIC_ACCESS", .high)))
        XCTAssertTrue(gate.fails(finding("PUBLIC_ACCESS", .critical)))
        XCTAssertFalse(gate.fails(finding("REDUNDANT_ACTION", .medium)))
    }

    func testErrorsAlwaysFail() {
        XCTAssertTrue(GatePolicy(failOn: .critical).fails(finding("INVALID_ACTION", .low, category: .error)))
    }

    func testFailOnCodeCatchesLowSeverity() {
        let gate = GatePolicy(failOn: .critical, failOnCodes: ["MISSING_VERSION"])
        XCTAssertTrue(gate.fails(finding("MISSING_VERSION", .low, category: .warning)))
        XCTAssertFalse(gate.fails(finding("REDUNDANT_ACTION", .info, category: .suggestion)))
    }

    // MARK: Suppressions

    static let suppressionText = """
    suppressions:
      - code: PUBLIC_ACCESS
        file: ./policies/repositories/base.json
        sid: Pull
        reason: Base images are published on purpose (SEC-1234)
        expires: 2026-11-29
      - code: OVERBROAD_WRITE_ACCESS
        repository: base
        reason: CI account pushes here
        expires: 2026-11-28
      - code: LOCKOUT_RISK
        file: policies/repositories/base.json
        reason: Frozen on purpose
        expires: 2027-01-31
      - code: LOCKOUT_RISK
        file: policies/repositories/not-checked-today.json
        reason: Frozen on purpose
        expires: 2027-01-31
    """

    func testSuppressionsParseWithPositions() throws {
        let s = try Suppressions.parse(Self.suppressionText, file: ".ecrguard-suppressions.yaml")
        XCTAssertEqual(s.entries.count, 4)
        XCTAssertEqual(s.entries[0].sid, "Pull")
        XCTAssertEqual(s.entries[0].expires, CalendarDate(year: 2026, month: 11, day: 29))
        XCTAssertEqual(s.entries[1].repository, "base")
        XCTAssertEqual(s.entries[1].line, 7)
        XCTAssertEqual(s.entries[1].column, 5)
    }

    func testSuppressionApplyExpireAndUnused() throws {
        let s = try Suppressions.parse(Self.suppressionText, file: ".ecrguard-suppressions.yaml")
        let gate = Gate(policy: GatePolicy(), suppressions: s)
        let findings = [finding("PUBLIC_ACCESS", .critical), finding("OVERBROAD_WRITE_ACCESS", .high)]
        let result = gate.evaluate(findings, checkedFiles: [Self.policyFile], today: today,
                                   repositoryOf: { $0 == Self.policyFile ? "base" : nil })
        // Entry 0 still applies on its expiry day.
        XCTAssertEqual(result.findings[0].state, .suppressed(s.entries[0]))
        XCTAssertFalse(result.findings[0].failsGate)
        // Entry 1 expired yesterday: the finding counts again and the entry is reported.
        XCTAssertEqual(result.findings[1].state, .active)
        XCTAssertTrue(result.findings[1].failsGate)
        let gateCodes = result.findings.dropFirst(2).map { "\($0.finding.code)@\($0.finding.span.start.line)" }
        XCTAssertEqual(gateCodes, ["SUPPRESSION_EXPIRED@7", "SUPPRESSION_UNUSED@11"],
                       "the entry for a file not checked in this run is not reported unused")
        XCTAssertTrue(result.failed)
        XCTAssertEqual(result.findings[2].finding.file, ".ecrguard-suppressions.yaml")
        XCTAssertTrue(result.findings[2].finding.message.contains("expired on 2026-11-28"), result.findings[2].finding.message)
    }

    func testSuppressionByStatementIndexAndSidMustMatch() throws {
        let s = Suppressions(entries: [Suppression(code: "PUBLIC_ACCESS", file: Self.policyFile, statementIndex: 1, reason: "r", expires: today)], file: "s.yaml")
        let result = Gate(suppressions: s).evaluate([finding("PUBLIC_ACCESS", .critical, statement: 0)], checkedFiles: [Self.policyFile], today: today)
        XCTAssertEqual(result.findings[0].state, .active)
        XCTAssertEqual(result.findings.last?.finding.code, "SUPPRESSION_UNUSED")
    }

    func testErrorsCannotBeSuppressed() throws {
        let s = Suppressions(entries: [Suppression(code: "INVALID_ACTION", file: Self.policyFile, reason: "r", expires: today)], file: "s.yaml")
        let result = Gate(suppressions: s).evaluate([finding("INVALID_ACTION", .high, category: .error)], checkedFiles: [Self.policyFile], today: today)
        XCTAssertTrue(result.failed)
        XCTAssertEqual(result.findings[0].state, .active)
    }

    func testSuppressionEntriesRequireReasonAndExpiry() {
        let cases: [(String, String, Int)] = [
            ("suppressions:\n  - code: PUBLIC_ACCESS\n    file: a.json\n    expires: 2027-01-01\n", "no 'reason'", 2),
            ("suppressions:\n  - code: PUBLIC_ACCESS\n    file: a.json\n    reason: ok\n", "no 'expires'", 2),
            ("suppressions:\n  - code: PUBLIC_ACCESS\n    file: a.json\n    reason: ok\n    expires: 2027-02-30\n", "YYYY-MM-DD", 5),
            ("suppressions:\n  - code: PUBLIC_ACCESS\n    reason: ok\n    expires: 2027-01-01\n", "neither 'file' nor 'repository'", 2),
            ("suppressions:\n  - code: PUBLIC_ACCESS\n    file: a.json\n    reason: ok\n    expires: 2027-01-01\n    owner: me\n", "unknown key 'owner'", 6),
            ("suppressions:\n  - code: [PUBLIC_ACCESS\n", "not valid YAML", 3),
        ]
        for (text, expected, line) in cases {
            XCTAssertThrowsError(try Suppressions.parse(text, file: "s.yaml")) { error in
                let e = error as? Suppressions.FormatError
                XCTAssertTrue(e?.message.contains(expected) ?? false, "\(error)")
                XCTAssertEqual(e?.line, line, "\(error)")
                XCTAssertTrue("\(error)".hasPrefix("s.yaml:\(line):"), "\(error)")
            }
        }
    }

    func testEmptySuppressionFile() throws {
        XCTAssertEqual(try Suppressions.parse("", file: "s.yaml").entries, [])
        XCTAssertEqual(try Suppressions.parse("suppressions: []\n", file: "s.yaml").entries, [])
    }

    // MARK: Baseline

    func testBaselineRoundTripAndOnlyNewFindingsFail() throws {
        let old = [finding("PUBLIC_ACCESS", .critical), finding("OVERBROAD_WRITE_ACCESS", .high)]
        let data = Baseline(findings: old).render()
        let baseline = try Baseline.parse(data, file: "b.json")
        XCTAssertEqual(baseline, Baseline(findings: old))
        let new = finding("ALLOW_WITH_NOT_PRINCIPAL", .high)
        let result = Gate(baseline: baseline).evaluate(old + [new], checkedFiles: [Self.policyFile], today: today)
        XCTAssertEqual(result.findings.map(\.state), [.baselined, .baselined, .active])
        XCTAssertEqual(result.failing.map(\.code), ["ALLOW_WITH_NOT_PRINCIPAL"])
    }

    func testBaselineCountsDuplicates() {
        let f = finding("REDUNDANT_STATEMENT", .high)
        let result = Gate(baseline: Baseline(findings: [f])).evaluate([f, f], checkedFiles: [], today: today)
        XCTAssertEqual(result.findings.map(\.state), [.baselined, .active])
    }

    func testBaselineRejectsOtherFiles() {
        XCTAssertThrowsError(try Baseline.parse(Data("{\"findings\": []}".utf8), file: "b.json")) { error in
            XCTAssertTrue("\(error)".contains("missing key 'ecrguardBaseline'"), "\(error)")
        }
        XCTAssertThrowsError(try Baseline.parse(Data("not json".utf8), file: "b.json"))
    }

    func testFingerprintsIgnoreLayoutAndStatementOrderButNotContent() {
        let a = """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "A", "Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"}]}
        """
        let b = """
        {
          "Version": "2012-10-17",
          "Statement": [
            {"Sid": "Other", "Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "ecr:BatchGetImage"},
            {"Action": "ecr:BatchGetImage", "NotPrincipal": {"AWS": "111122223333"},
             "Effect": "Allow", "Sid": "A"}
          ]
        }
        """
        let c = a.replacingOccurrences(of: "BatchGetImage", with: "PutImage")
        func fp(_ text: String) -> String? {
            PolicyChecker().check(text, kind: .repository, file: "p.json").first { $0.code == "ALLOW_WITH_NOT_PRINCIPAL" }?.fingerprint
        }
        XCTAssertNotNil(fp(a))
        XCTAssertEqual(fp(a), fp(b))
        XCTAssertNotEqual(fp(a), fp(c))
    }

    func testCalendarDate() {
        XCTAssertNil(CalendarDate("2026-2-01"))
        XCTAssertNil(CalendarDate("2025-02-29"))
        XCTAssertNotNil(CalendarDate("2024-02-29"))
        XCTAssertEqual(CalendarDate(Date(timeIntervalSince1970: 0)).description, "1970-01-01")
        XCTAssertLessThan(CalendarDate("2026-12-31")!, CalendarDate("2027-01-01")!)
    }
}
