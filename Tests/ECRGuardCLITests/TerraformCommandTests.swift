import Foundation
import XCTest

/// End to end: `ecrguard audit [DIR] --terraform-plan PLAN.json` (and `import terraform`) on the
/// hand-written plan fixtures of Tests/TerraformImportTests/Fixtures.
final class TerraformCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-terraform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func plan(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Tests/TerraformImportTests/Fixtures/\(name)").path
    }

    /// A plan alone: its value known only after apply fails the gate at the resource, naming what it depends on.
    func testPlanAloneReportsUnknownValuesAtTheResource() throws {
        let path = plan("ecr-modules.plan.json")
        let result = try runEcrguard(["audit", "--terraform-plan", path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let line = try XCTUnwrap(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(#""address": "module.cache[\"build\"].aws_ecr_repository_policy.this""#) })
        XCTAssertTrue(result.stdout.contains("IAC_VALUE_UNKNOWN \(path):\(line):13"), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"module.cache["build"].aws_ecr_repository_policy.this.policy is known only after apply (depends on aws_kms_key.ecr.arn)"#), result.stdout)
        // A registry finding points at the resource in the plan, not at the manifest the audit rendered.
        let repository = try XCTUnwrap(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains(#""address": "module.cache[\"build\"].aws_ecr_repository.this""#) })
        XCTAssertTrue(result.stdout.contains("SCAN_ON_PUSH_DISABLED \(path):\(repository):13"), result.stdout)
        let report = try String(contentsOf: scratch.appendingPathComponent("r/report.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("IAC_VALUE_UNKNOWN"))
    }

    /// Laid over the bundled policies/, the pull-request plan passes the team's expectations; with the
    /// organization condition dropped from its repository policy it fails them.
    func testPlanLaidOverTheTeamsManifestIsJudgedByItsExpectations() throws {
        let policies = repositoryRoot.appendingPathComponent("policies").path
        let good = try runEcrguard(["audit", policies, "--terraform-plan", plan("employee-api-change.plan.json"), "--out", scratch.appendingPathComponent("r1").path])
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        let opened = try String(contentsOfFile: plan("employee-api-change.plan.json"), encoding: .utf8)
            .replacingOccurrences(of: #",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}"#, with: "")
        let openedPath = scratch.appendingPathComponent("opened.plan.json")
        try opened.write(to: openedPath, atomically: true, encoding: .utf8)
        let bad = try runEcrguard(["audit", policies, "--terraform-plan", openedPath.path, "--out", scratch.appendingPathComponent("r2").path])
        XCTAssertEqual(bad.status, 1, bad.stdout + bad.stderr)
        XCTAssertTrue(bad.stdout.contains("outsider cannot pull production/employee-api"), bad.stdout)
        // A finding inside the plan's policy names the resource attribute it came from.
        XCTAssertTrue(bad.stdout.contains(#"module.service["employee-api"].aws_ecr_repository_policy.this.policy: "#), bad.stdout)
    }

    func testUnsupportedFormatVersionIsAnInputError() throws {
        let path = scratch.appendingPathComponent("future.plan.json")
        try #"{"format_version": "2.0", "planned_values": {}}"#.write(to: path, atomically: true, encoding: .utf8)
        let result = try runEcrguard(["audit", "--terraform-plan", path.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("\(path.path):1:20"), result.stdout)
        XCTAssertTrue(result.stdout.contains("unsupported format_version '2.0'"), result.stdout)
    }

    func testAccountOptionIsCheckedWhileParsing() throws {
        let result = try runEcrguard(["audit", "--terraform-plan", plan("ecr-modules.plan.json"), "--account", "12345"])
        XCTAssertEqual(result.status, 64, result.stdout + result.stderr)
    }

    /// `import terraform` writes a policies/ directory; a second import writes the same bytes; the gap is in
    /// import-report.json, so `audit DIR` fails on it like the audit of the plan.
    func testImportWritesADirectoryTheAuditReads() throws {
        let out = scratch.appendingPathComponent("imported")
        let first = try runEcrguard(["import", "terraform", plan("ecr-modules.plan.json"), "--out", out.path])
        XCTAssertEqual(first.status, 1, first.stdout + first.stderr)
        XCTAssertTrue(first.stdout.contains("1 gap"), first.stdout)
        let manifest = try String(contentsOf: out.appendingPathComponent("ecrguard.yaml"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("employee-api"), manifest)
        let policy = try String(contentsOf: out.appendingPathComponent("repositories/123456789012/us-east-1/employee-api.json"), encoding: .utf8)
        XCTAssertTrue(policy.contains("PrivateReadOnly"), policy)
        let report = try String(contentsOf: out.appendingPathComponent("import-report.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("IAC_VALUE_UNKNOWN"), report)
        XCTAssertEqual(try runEcrguard(["import", "terraform", plan("ecr-modules.plan.json"), "--out", out.path]).status, 1)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("ecrguard.yaml"), encoding: .utf8), manifest)
        let audit = try runEcrguard(["audit", out.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(audit.status, 1, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.contains("IAC_VALUE_UNKNOWN"), audit.stdout)
        // A directory an import did not write is refused.
        let refused = try runEcrguard(["import", "terraform", plan("ecr-modules.plan.json"), "--out", repositoryRoot.appendingPathComponent("policies").path])
        XCTAssertEqual(refused.status, 2, refused.stdout + refused.stderr)
    }

    /// A state file with every value known imports without gaps (exit 0).
    func testImportOfAStateWithoutGaps() throws {
        let out = scratch.appendingPathComponent("state")
        let result = try runEcrguard(["import", "terraform", plan("ecr.state.json"), "--out", out.path])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("Nothing was left unread."), result.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent("repositories/123456789012/eu-west-1/payments.json").path))
    }
}

extension TerraformCommandTests {
    /// `audit` and `import terraform` declare each option name once (ArgumentParser refuses a command whose
    /// groups repeat `--account` or `--region`, which `--terraform-plan` and `--cloudformation` share).
    func testHelpOfTheCommandsThatReadPlans() throws {
        for command in [["audit"], ["import", "terraform"]] {
            let result = try runEcrguard(command + ["--help"])
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("--account"), result.stdout)
            XCTAssertFalse((result.stdout + result.stderr).contains("Validation failed"), result.stdout + result.stderr)
        }
    }
}
