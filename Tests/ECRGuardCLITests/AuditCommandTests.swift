import Foundation
import XCTest

/// End-to-end: `ecrguard audit` on the bundled policies/ and on broken copies of it.
final class AuditCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// A copy of the bundled policies/ to break.
    private func copyOfBundledPolicies() throws -> URL {
        let copy = scratch.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: copy)
        return copy
    }

    private func replace(_ old: String, with new: String, in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        XCTAssertTrue(text.contains(old), "fixture drifted: \(old) not in \(file.lastPathComponent)")
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }

    func testBundledPoliciesPass() throws {
        let out = scratch.appendingPathComponent("Reports")
        let result = try runEcrguard(["audit", "policies", "--out", out.path], currentDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("PASSED"), result.stdout)
        XCTAssertTrue(result.stdout.contains("14 passed, 0 failed"), result.stdout)
        for name in ["report.html", "junit.xml", "results.sarif", "report.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), name)
        }
        XCTAssertEqual(try verdict(in: out), "pass")
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("ci can push production/employee-api"), "one test case per expectation")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no temporary files left behind")
    }

    /// The verdict written in report.json.
    private func verdict(in reports: URL) throws -> String? {
        let data = try Data(contentsOf: reports.appendingPathComponent("report.json"))
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return (json?["metadata"] as? [String: Any])?["verdict"] as? String
    }

    func testJSONOutputCarriesTheVerdictAndEveryPart() throws {
        let result = try runEcrguard(["audit", "policies", "--format", "json", "--out", scratch.appendingPathComponent("r").path],
                                     currentDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let metadata = try XCTUnwrap(json["metadata"] as? [String: Any])
        XCTAssertEqual(metadata["verdict"] as? String, "pass")
        XCTAssertEqual((json["expectations"] as? [Any])?.count, 14)
        XCTAssertEqual((json["replication"] as? [Any])?.count, 2)
        let matrix = try XCTUnwrap(json["accessMatrix"] as? [[String: Any]])
        XCTAssertEqual(matrix.filter { $0["assumption"] == nil }.count, 20, "5 principals x 1 repository x 4 capabilities")
        // who-can's representatives the manifest does not already name, for the one repository.
        XCTAssertEqual(matrix.filter { $0["assumption"] != nil }.count, 12)
    }

    func testBadManifestExitsTwoNamingFileAndLine() throws {
        let policies = try copyOfBundledPolicies()
        try replace("scanOnPush: true", with: "scanOnpush: true", in: policies.appendingPathComponent("ecrguard.yaml"))
        let out = scratch.appendingPathComponent("r")
        let result = try runEcrguard(["audit", policies.path, "--out", out.path])
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertEqual(try verdict(in: out), "error", "the reports carry the exit code's verdict")
        XCTAssertTrue(result.stdout.contains("\(policies.path)/ecrguard.yaml:32:9"), result.stdout)
        XCTAssertTrue(result.stdout.contains("did you mean 'scanOnPush'?"), result.stdout)
        XCTAssertFalse(result.stdout.contains("PASSED"))
    }

    func testMissingPolicyFileExitsTwoAtTheManifestLine() throws {
        let policies = try copyOfBundledPolicies()
        try FileManager.default.removeItem(at: policies.appendingPathComponent("identity/deploy-pull.json"))
        let result = try runEcrguard(["audit", policies.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stdout.contains("ecrguard.yaml:79:9"), result.stdout)
        XCTAssertTrue(result.stdout.contains("identity/deploy-pull.json"), result.stdout)
    }

    func testUnparseablePolicyExitsTwo() throws {
        let policies = try copyOfBundledPolicies()
        try "{\"Version\": \"2012-10-17\", \"Statement\": [".write(to: policies.appendingPathComponent("identity/ci-push.json"), atomically: true, encoding: .utf8)
        let result = try runEcrguard(["audit", policies.path, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stdout.contains("identity/ci-push.json:1:"), result.stdout)
    }

    func testFailedExpectationExitsOne() throws {
        let policies = try copyOfBundledPolicies()
        // The organization changes: the member account's deploy role can no longer pull.
        try replace("\"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"", with: "\"aws:PrincipalOrgID\": \"o-zzzzzzzzzz\"",
                    in: policies.appendingPathComponent("repositories/employee-api.json"))
        let out = scratch.appendingPathComponent("r")
        let result = try runEcrguard(["audit", policies.path, "--out", out.path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertEqual(try verdict(in: out), "fail")
        XCTAssertTrue(result.stdout.contains("org-deploy can pull production/employee-api"), result.stdout)
    }

    func testBrokenReplicationPolicyFailsExpectationAndFlagsTheRule() throws {
        let policies = try copyOfBundledPolicies()
        try replace("\"ecr:CreateRepository\",\n", with: "", in: policies.appendingPathComponent("registries/dr-210987654321-us-east-1.json"))
        let result = try runEcrguard(["audit", policies.path, "--format", "json", "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stdout.contains("REPLICATION_WILL_FAIL"), result.stdout)
        XCTAssertTrue(result.stdout.contains("\"verdict\" : \"fail\""), result.stdout)
    }

    func testUnwritableOutputDirectoryExitsTwo() throws {
        let blocker = scratch.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let result = try runEcrguard(["audit", "policies", "--out", blocker.appendingPathComponent("Reports").path], currentDirectory: repositoryRoot)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stderr.contains("cannot write the reports"), result.stderr)
    }

    func testSuppressionByRepositoryNameLetsAnAcceptedFindingPass() throws {
        let policies = try copyOfBundledPolicies()
        // Make the organization pull public: PUBLIC_ACCESS (high) fails the gate.
        try replace("\"Condition\": {\n        \"StringEquals\": {\n          \"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"\n        }\n      }\n    },",
                    with: "\"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}\n    },",
                    in: policies.appendingPathComponent("repositories/employee-api.json"))
        // Outsiders can now pull; the owner accepts that (and says so in the expectations).
        try replace("  - principal: outsider\n    repository: employee-api\n    cannot: [pull, push]",
                    with: "  - principal: outsider\n    repository: employee-api\n    can: [pull]\n    cannot: [push]",
                    in: policies.appendingPathComponent("ecrguard.yaml"))
        let out = scratch.appendingPathComponent("r")
        let failing = try runEcrguard(["audit", policies.path, "--out", out.path])
        XCTAssertEqual(failing.status, 1, failing.stdout)
        XCTAssertTrue(failing.stdout.contains("PUBLIC_ACCESS"), failing.stdout)

        let suppressions = scratch.appendingPathComponent("suppressions.yaml")
        try """
        suppressions:
          - code: PUBLIC_ACCESS
            repository: employee-api
            reason: Published on purpose for the test
            expires: 2099-12-31
        """.write(to: suppressions, atomically: true, encoding: .utf8)
        let passing = try runEcrguard(["audit", policies.path, "--out", out.path, "--suppressions", suppressions.path, "--today", "2026-11-29"])
        XCTAssertEqual(passing.status, 0, passing.stdout)
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        XCTAssertTrue(report.contains("Published on purpose for the test"), "the suppressed finding is shown as suppressed")

        let expired = try runEcrguard(["audit", policies.path, "--out", out.path, "--suppressions", suppressions.path, "--today", "2100-01-01"])
        XCTAssertEqual(expired.status, 1, expired.stdout)
        XCTAssertTrue(expired.stdout.contains("SUPPRESSION_EXPIRED"), expired.stdout)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try runEcrguard(["audit", "--fail-on", "severe"]).status, 64)
        XCTAssertEqual(try runEcrguard(["audit", "--format", "xml"]).status, 64)
    }
}
