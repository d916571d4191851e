import Foundation
import XCTest

/// End-to-end: `ecrguard import ...` writes a policies/ directory, and `ecrguard audit DIR` reports
/// what the import could not read in every report format.
final class ImportCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    static let reportWithGap = """
        {
          "format": "ecrguard-import-report",
          "version": 1,
          "source": "test",
          "accounts": ["123456789012"],
          "regions": [],
          "principals": {"included": 5, "leftOut": 0, "leftOutByReason": {}, "leftOutPrincipals": []},
          "calls": {},
          "notes": [],
          "gaps": [
            {"code": "IMPORT_ACCESS_DENIED", "file": "live:123456789012/us-east-1", "line": 1, "column": 1,
             "subject": "ecr:GetRepositoryPolicy 123456789012/us-east-1/employee-api",
             "message": "AccessDeniedException: the import role may not read this repository's policy"}
          ]
        }
        """

    /// A clean directory with an import report naming one gap fails the default gate (exit 1), and
    /// the gap is in the terminal summary, report.json, results.sarif, junit.xml and report.html.
    func testAuditReportsImportGapsInEveryFormat() throws {
        let policies = scratch.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: policies)
        try Self.reportWithGap.write(to: policies.appendingPathComponent("import-report.json"), atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("Reports")
        let result = try runEcrguard(["audit", policies.path, "--out", out.path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("IMPORT_ACCESS_DENIED"), result.stdout)
        XCTAssertTrue(result.stdout.contains("live:123456789012/us-east-1:1:1"), result.stdout)
        for name in ["report.json", "results.sarif", "junit.xml", "report.html"] {
            let text = try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(text.contains("IMPORT_ACCESS_DENIED"), name)
            XCTAssertTrue(text.contains("may not read this repository"), name)
        }
        // Without the report the same directory passes: the gap alone failed it.
        try FileManager.default.removeItem(at: policies.appendingPathComponent("import-report.json"))
        XCTAssertEqual(try runEcrguard(["audit", policies.path, "--out", out.path]).status, 0)
    }

    /// An import report ecrguard cannot read is an input error (exit 2), never ignored.
    func testUnreadableImportReportIsAnInputError() throws {
        let policies = scratch.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: policies)
        try "{\"format\": \"ecrguard-import-report\", \"gaps\": 3}".write(to: policies.appendingPathComponent("import-report.json"), atomically: true, encoding: .utf8)
        let result = try runEcrguard(["audit", policies.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("import-report.json"), result.stdout)
    }
}
