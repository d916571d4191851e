import Foundation
import TestSupport
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
        XCTAssertEqual(try SARIFSchema.errors(try Data(contentsOf: out.appendingPathComponent("results.sarif"))), [])
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

    // MARK: import gaad

    static let gaadFixtures = "Tests/RegistryImportTests/Fixtures/gaad"
    var motoFile: String { repositoryRoot.appendingPathComponent("\(Self.gaadFixtures)/moto-gaad.json").path }
    var awsShapeFile: String { repositoryRoot.appendingPathComponent("\(Self.gaadFixtures)/aws-shape-gaad.json").path }

    func contents(of directory: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            if (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
                out[String(url.path.dropFirst(directory.path.count + 1))] = try Data(contentsOf: url)
            }
        }
        return out
    }

    /// import → audit passes; a second import of the same file changes no byte.
    func testImportGAADWritesAnAuditableDirectoryAndIsDeterministic() throws {
        let out = scratch.appendingPathComponent("imported")
        let first = try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", out.path])
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("Imported 8 principals and 9 policy files"), first.stdout)
        XCTAssertTrue(first.stdout.contains("Left out: 2 (no identity policy can allow an ecr: action"), first.stdout)
        let written = try contents(of: out)
        XCTAssertEqual(written.count, 11)
        XCTAssertNotNil(written["identity/managed/123456789012/ecr-pull.json"])
        let audit = try runEcrguard(["audit", out.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        let second = try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", out.path])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("(0 files written, 11 unchanged, 0 removed)"), second.stdout)
        XCTAssertEqual(try contents(of: out), written)
    }

    /// Laid over the bundled policies/, the imported ci and developer roles meet the team's expectations.
    func testImportGAADOverABaseIsJudgedByItsExpectations() throws {
        let out = scratch.appendingPathComponent("layered")
        let result = try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", out.path,
                                      "--base", repositoryRoot.appendingPathComponent("policies").path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let manifest = try String(contentsOf: out.appendingPathComponent("ecrguard.yaml"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("- identity/123456789012/role/ci.inline.ci-push.json"), manifest)
        let audit = try runEcrguard(["audit", out.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.contains("14 passed, 0 failed"), audit.stdout)
    }

    /// What the file references but lacks fails the import (exit 1, after writing) and every audit of
    /// the directory; re-importing a complete file into it removes what no longer belongs.
    func testImportGAADGapsFailTheImportAndTheAudit() throws {
        let out = scratch.appendingPathComponent("gaps")
        let result = try runEcrguard(["import", "gaad", awsShapeFile, "--account", "123456789012", "--out", out.path, "--organization", "o-a1b2c3d4e5"])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("\(awsShapeFile):102:17: high IMPORT_POLICY_MISSING arn:aws:iam::aws:policy/AWSDeprecatedECRPolicy:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("SCPs not collected for 9 principals"), result.stdout)
        XCTAssertFalse(result.stdout.contains("Nothing was left unread"), result.stdout)
        let audit = try runEcrguard(["audit", out.path, "--format", "json", "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(audit.status, 1, audit.stderr)
        XCTAssertTrue(audit.stdout.contains("IMPORT_POLICY_MISSING"), audit.stdout)
        XCTAssertTrue(audit.stdout.contains("SCPS_NOT_COLLECTED"), audit.stdout)
        let again = try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", out.path])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertFalse(again.stdout.contains(" 0 removed"), again.stdout)
        let fresh = scratch.appendingPathComponent("fresh")
        XCTAssertEqual(try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", fresh.path]).status, 0)
        XCTAssertEqual(try contents(of: out), try contents(of: fresh), "nothing of the earlier import is left behind")
    }

    func testImportGAADRefusesWhatItCannotDoSafely() throws {
        let foreign = scratch.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: foreign)
        let refused = try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", foreign.path])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("is not empty and was not written by 'ecrguard import'"), refused.stderr)
        let wrongAccount = try runEcrguard(["import", "gaad", motoFile, "--account", "210987654321", "--out", scratch.appendingPathComponent("x").path])
        XCTAssertEqual(wrongAccount.status, 2)
        XCTAssertTrue(wrongAccount.stderr.contains("describes principals of account 123456789012, not --account 210987654321"), wrongAccount.stderr)
        XCTAssertEqual(try runEcrguard(["import", "gaad", motoFile, "--account", "1234"]).status, 64)
        XCTAssertEqual(try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--organization", "org-1"]).status, 64)
        let missing = try runEcrguard(["import", "gaad", scratch.appendingPathComponent("none.json").path, "--account", "123456789012",
                                       "--out", scratch.appendingPathComponent("y").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no such file"), missing.stderr)
    }

    /// ecrguard's own check passes the shipped import role with the default gate.
    func testImportRolePassesCheck() throws {
        let result = try runEcrguard(["check", "docs/import-role.json", "--kind", "identity"], currentDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("1 file(s) checked: 0 finding(s). Gate PASSED"), result.stdout)
    }

    /// The moto fixture is reproducible: its script regenerates it from a fresh moto_server with the
    /// AWS CLI, and importing the new file writes the same bytes as importing the committed one.
    func testMotoFixtureIsReproducedByItsScript() throws {
        let python = try TestRequirements.executable("python3")
        _ = try TestRequirements.executable("moto_server")
        _ = try TestRequirements.executable("aws")
        let fresh = scratch.appendingPathComponent("fresh-gaad.json")
        let script = repositoryRoot.appendingPathComponent("\(Self.gaadFixtures)/make_moto_gaad.py")
        let made = try runProcess(URL(fileURLWithPath: python), [script.path, fresh.path])
        XCTAssertEqual(made.status, 0, made.stderr)
        let fromFresh = scratch.appendingPathComponent("from-fresh"), fromCommitted = scratch.appendingPathComponent("from-committed")
        XCTAssertEqual(try runEcrguard(["import", "gaad", fresh.path, "--account", "123456789012", "--out", fromFresh.path]).status, 0)
        XCTAssertEqual(try runEcrguard(["import", "gaad", motoFile, "--account", "123456789012", "--out", fromCommitted.path]).status, 0)
        var a = try contents(of: fromFresh), b = try contents(of: fromCommitted)
        XCTAssertEqual(a.count, 11)
        // The report names the file it read; everything else must be equal byte for byte.
        let reportA = String(decoding: a.removeValue(forKey: "import-report.json") ?? Data(), as: UTF8.self)
        let reportB = String(decoding: b.removeValue(forKey: "import-report.json") ?? Data(), as: UTF8.self)
        XCTAssertEqual(reportA.replacingOccurrences(of: fresh.path, with: "F"), reportB.replacingOccurrences(of: motoFile, with: "F"))
        XCTAssertEqual(a, b)
    }
}
