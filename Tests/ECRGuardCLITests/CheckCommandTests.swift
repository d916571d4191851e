import Foundation
import XCTest

/// End-to-end: `ecrguard check` with the gate options, run as the built binary in a temp directory.
final class CheckCommandTests: CheckTestCase {
    static let publicPull = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "PublicPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}
      ]
    }
    """

    static let orgPull = """
    {
      "Version": "2012-10-17",
      "Statement": [{"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
    }
    """

    func testPublicPolicyFailsTheGateWithExactPosition() throws {
        try write("base.json", Self.publicPull)
        let r = try check(["base.json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("base.json:4:59: high PUBLIC_ACCESS Statement 0 (\"PublicPull\") lets any AWS principal"), r.stdout)
        XCTAssertTrue(r.stdout.contains("    fix: Restrict the caller"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Gate FAILED"), r.stdout)
    }

    func testCleanPolicyPasses() throws {
        try write("org.json", Self.orgPull)
        let r = try check(["org.json", "--account", "111122223333"])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("Gate PASSED"), r.stdout)
    }

    func testFailOnThresholdAndCode() throws {
        try write("base.json", Self.publicPull)
        XCTAssertEqual(try check(["base.json", "--fail-on", "critical"]).status, 0)
        XCTAssertEqual(try check(["base.json", "--fail-on", "critical", "--fail-on-code", "PUBLIC_ACCESS"]).status, 1)
        try write("nover.json", #"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"}]}"#)
        XCTAssertEqual(try check(["nover.json"]).status, 0)
        let strict = try check(["nover.json", "--fail-on-code", "MISSING_VERSION"])
        XCTAssertEqual(strict.status, 1)
        XCTAssertTrue(strict.stdout.contains("nover.json:1:1: low MISSING_VERSION"), strict.stdout)
    }

    func testSuppressionFileByDefaultExpiryAndUnused() throws {
        try write("base.json", Self.publicPull)
        try write(".ecrguard-suppressions.yaml", """
        suppressions:
          - code: PUBLIC_ACCESS
            file: base.json
            sid: PublicPull
            reason: Base images are published on purpose (SEC-1234)
            expires: 2026-12-31
          - code: LOCKOUT_RISK
            repository: base
            reason: Frozen on purpose
            expires: 2026-12-31
        """)
        let before = try check(["base.json", "--today", "2026-12-31"])
        XCTAssertEqual(before.status, 0, before.stdout)
        XCTAssertTrue(before.stdout.contains(".ecrguard-suppressions.yaml:7:5: low SUPPRESSION_UNUSED"), before.stdout)
        XCTAssertTrue(before.stdout.contains("1 suppressed"), before.stdout)
        let after = try check(["base.json", "--today", "2027-01-01"])
        XCTAssertEqual(after.status, 1, after.stdout)
        XCTAssertTrue(after.stdout.contains(".ecrguard-suppressions.yaml:2:5: medium SUPPRESSION_EXPIRED"), after.stdout)
        XCTAssertTrue(after.stdout.contains("base.json:4:59: high PUBLIC_ACCESS"), after.stdout)
    }

    func testSuppressionWithoutReasonIsAnInputError() throws {
        try write("base.json", Self.publicPull)
        try write("s.yaml", "suppressions:\n  - code: PUBLIC_ACCESS\n    file: base.json\n    expires: 2027-01-01\n")
        let r = try check(["base.json", "--suppressions", "s.yaml"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("s.yaml:2:5: suppression has no 'reason'"), r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    func testBaselineOnlyNewFindingsFail() throws {
        try write("base.json", Self.publicPull)
        let written = try check(["base.json", "--write-baseline", "baseline.json"])
        XCTAssertEqual(written.status, 0, written.stdout + written.stderr)
        XCTAssertTrue(written.stderr.contains("wrote 1 finding(s) to the baseline baseline.json"), written.stderr)
        // Reformatted and moved down: still the same finding.
        try write("base.json", "\n\n" + Self.publicPull.replacingOccurrences(of: "  ", with: "    "))
        let same = try check(["base.json", "--baseline", "baseline.json"])
        XCTAssertEqual(same.status, 0, same.stdout)
        XCTAssertTrue(same.stdout.contains("1 in the baseline"), same.stdout)
        // A new public statement is new.
        try write("base.json", Self.publicPull.replacingOccurrences(of: "]\n}", with: #", {"Sid": "PublicList", "Effect": "Allow", "Principal": "*", "Action": "ecr:PutImage"}]}"#))
        let grown = try check(["base.json", "--baseline", "baseline.json"])
        XCTAssertEqual(grown.status, 1, grown.stdout)
        XCTAssertTrue(grown.stdout.contains("critical PUBLIC_ACCESS Statement 1 (\"PublicList\")"), grown.stdout)
        XCTAssertFalse(grown.stdout.contains("Statement 0 (\"PublicPull\") lets"), grown.stdout)
    }

    func testUnreadableAndInvalidInput() throws {
        let missing = try check(["nope.json"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nope.json: cannot read the file"), missing.stderr)
        try write("broken.json", "{\"Version\": \"2012-10-17\",\n  \"Statement\": [,]}")
        let broken = try check(["broken.json"])
        XCTAssertEqual(broken.status, 2, broken.stdout)
        XCTAssertTrue(broken.stdout.contains("broken.json:2:17: critical JSON_SYNTAX_ERROR"), broken.stdout)
        XCTAssertEqual(try check(["base.json", "--fail-on", "severe"]).status, 64)
        XCTAssertEqual(try check(["base.json", "--format", "xml"]).status, 64)
    }

    func testMachineReadableFormats() throws {
        try write("base.json", Self.publicPull)
        let json = try check(["base.json", "--format", "json"])
        XCTAssertEqual(json.status, 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let findings = object?["findings"] as? [[String: Any]]
        let first = findings?.first
        XCTAssertEqual(first?["code"] as? String, "PUBLIC_ACCESS")
        XCTAssertEqual(first?["line"] as? Int, 4)
        XCTAssertEqual(first?["column"] as? Int, 59)
        XCTAssertEqual(first?["path"] as? String, "Statement[0].Principal")
        XCTAssertEqual(first?["statement"] as? Int, 0)
        let sarif = try check(["base.json", "--format", "sarif"])
        XCTAssertEqual(sarif.status, 1)
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(log?["version"] as? String, "2.1.0")
        let junit = try check(["base.json", "--format", "junit"])
        XCTAssertEqual(junit.status, 1)
        XCTAssertTrue(junit.stdout.contains("<testsuites"), junit.stdout)
        XCTAssertTrue(junit.stdout.contains("PUBLIC_ACCESS"), junit.stdout)
    }
}
