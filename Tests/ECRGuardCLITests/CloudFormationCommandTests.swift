import Foundation
import XCTest

/// End-to-end: `ecrguard audit --cloudformation` (alone and laid over the bundled policies/) and
/// `ecrguard import cloudformation`, on the reader's hand-written fixtures.
final class CloudFormationCommandTests: XCTestCase {
    private var scratch: URL!
    private let fixtures = repositoryRoot.appendingPathComponent("Tests/CloudFormationImportTests/Fixtures")

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-cfn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    private func write(_ text: String, _ name: String) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private let stack = ["--account", "123456789012", "--region", "us-east-1"]

    func testTemplateAloneIsAuditedAtItsOwnLines() throws {
        let out = scratch.appendingPathComponent("r")
        let result = try runEcrguard(["audit", "--cloudformation", fixture("ecr-registry.yaml"), "--parameter", "ReplicationSourceAccountId=210987654321",
                                      "--out", out.path] + stack)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("ecr-registry.yaml:64:20 Statement[0].Principal.AWS[0]"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Account 111122223333 can pull images"), result.stdout)
        let sarif = try String(contentsOf: out.appendingPathComponent("results.sarif"), encoding: .utf8)
        XCTAssertTrue(sarif.contains("ecr-registry.yaml"), "SARIF names the template")
        XCTAssertFalse(sarif.contains("repositories/123456789012"), "no finding names a file that was never written")
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        XCTAssertTrue(junit.contains("testsuite name=\"\(fixture("ecr-registry.yaml"))\""), junit)
        XCTAssertFalse(junit.contains("repositories/123456789012") || junit.contains("ecrguard.yaml"), "no suite for text that exists only in memory")
    }

    func testMissingParameterFailsTheGateAtTheTemplateLine() throws {
        let result = try runEcrguard(["audit", "--cloudformation", fixture("ecr-registry.yaml"), "--out", scratch.appendingPathComponent("r").path] + stack)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("HIGH IAC_VALUE_UNKNOWN"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ecr-registry.yaml:45:20"), result.stdout)
        XCTAssertTrue(result.stdout.contains("pass --parameter ReplicationSourceAccountId=VALUE"), result.stdout)
    }

    func testTransformIsReportedAsUnsupported() throws {
        let result = try runEcrguard(["audit", "--cloudformation", fixture("sam-function.yaml"), "--out", scratch.appendingPathComponent("r").path] + stack)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("HIGH IAC_UNSUPPORTED"), result.stdout)
        XCTAssertTrue(result.stdout.contains("--template-stage Processed"), result.stdout)
    }

    /// A pull request that makes employee-api public: the bundled manifest's expectations judge it.
    func testLayeredOverPoliciesTheManifestExpectationsJudgeTheChange() throws {
        let template = try write("""
        Resources:
          EmployeeApi:
            Type: AWS::ECR::Repository
            Properties:
              RepositoryName: employee-api
              ImageTagMutability: IMMUTABLE
              ImageScanningConfiguration: {ScanOnPush: true}
              EncryptionConfiguration: {EncryptionType: KMS}
              RepositoryPolicyText:
                Version: 2012-10-17
                Statement:
                  - Sid: Everyone
                    Effect: Allow
                    Principal: "*"
                    Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
        """, "pr.yaml")
        let base = repositoryRoot.appendingPathComponent("policies").path
        let result = try runEcrguard(["audit", base, "--cloudformation", template, "--out", scratch.appendingPathComponent("r").path] + stack)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("HIGH PUBLIC_ACCESS \(template):14:24"), result.stdout)
        XCTAssertTrue(result.stdout.contains("FAIL outsider cannot pull production/employee-api"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Expectations: 12 passed, 2 failed"), result.stdout)
        XCTAssertTrue(result.stdout.contains("Replication: 2 destination(s), all accepted"),
                      "the replication the template does not define is kept from policies/: \(result.stdout)")
    }

    /// An imported DIR whose import-report.json lists a gap keeps failing with templates laid over it.
    func testGapsOfTheBaseImportAreKept() throws {
        let policies = scratch.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: policies)
        try ImportCommandTests.reportWithGap.write(to: policies.appendingPathComponent("import-report.json"), atomically: true, encoding: .utf8)
        let template = try write("Resources:\n  Other:\n    Type: AWS::ECR::Repository\n    Properties: {RepositoryName: other, ImageScanningConfiguration: {ScanOnPush: true}}\n", "t.yaml")
        let result = try runEcrguard(["audit", policies.path, "--cloudformation", template, "--out", scratch.appendingPathComponent("r").path] + stack)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("IMPORT_ACCESS_DENIED"), result.stdout)
        try FileManager.default.removeItem(at: policies.appendingPathComponent("import-report.json"))
        let clean = try runEcrguard(["audit", policies.path, "--cloudformation", template, "--out", scratch.appendingPathComponent("r").path] + stack)
        XCTAssertEqual(clean.status, 0, clean.stdout + clean.stderr)
    }

    /// `import cloudformation` writes a policies/ directory that `audit DIR` reads; a gap makes both
    /// exit 1; a second import of the same template changes no byte.
    func testImportWritesADirectoryTheAuditReads() throws {
        let out = scratch.appendingPathComponent("imported").path
        let gap = try runEcrguard(["import", "cloudformation", fixture("ecr-registry.yaml"), "--out", out] + stack)
        XCTAssertEqual(gap.status, 1, gap.stdout + gap.stderr)
        XCTAssertTrue(gap.stdout.contains("ecr-registry.yaml:45:20: high IAC_VALUE_UNKNOWN"), gap.stdout)
        XCTAssertEqual(try runEcrguard(["audit", out, "--out", scratch.appendingPathComponent("r").path]).status, 1)

        let complete = ["import", "cloudformation", fixture("ecr-registry.yaml"), "--out", out, "--parameter", "ReplicationSourceAccountId=210987654321"] + stack
        let first = try runEcrguard(complete)
        XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
        let policy = try String(contentsOfFile: out + "/registries/123456789012-us-east-1.json", encoding: .utf8)
        XCTAssertTrue(policy.contains(#""Version": "2012-10-17""#) && policy.contains("arn:aws:iam::210987654321:root"), policy)
        let manifest = try String(contentsOfFile: out + "/ecrguard.yaml", encoding: .utf8)
        XCTAssertTrue(manifest.contains("name: ecr-registry-workerrepository-generated"), manifest)
        let second = try runEcrguard(complete)
        XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
        XCTAssertTrue(second.stdout.contains("(0 files written, 7 unchanged, 0 removed)"), second.stdout)
        let audit = try runEcrguard(["audit", out, "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(audit.status, 0, audit.stdout + audit.stderr)
    }

    func testUsageAndInputErrors() throws {
        let missing = try runEcrguard(["audit", "--cloudformation", fixture("cdk-synth.json"), "--out", scratch.appendingPathComponent("r").path])
        XCTAssertEqual(missing.status, 64, missing.stdout + missing.stderr)
        XCTAssertTrue(missing.stderr.contains("--account is required"), missing.stderr)
        XCTAssertEqual(try runEcrguard(["audit", "--cloudformation", fixture("cdk-synth.json"), "--account", "12345"]).status, 64)
        let broken = try write("Resources:\n  R: !Bogus x\n", "broken.yaml")
        let result = try runEcrguard(["audit", "--cloudformation", broken, "--out", scratch.appendingPathComponent("r").path] + stack)
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("broken.yaml:2:6"), result.stdout)
    }
}
