import Foundation
import TestSupport
import XCTest

/// `ecrguard diff BASE HEAD` end to end, the way a pull-request job runs it: the head in a git
/// checkout, the base in a worktree of the target commit.
final class DiffCommandTests: XCTestCase {
    /// A git repository holding the bundled policies, committed, with the base in a worktree beside it.
    struct Checkout {
        var root: URL
        var repository: URL { root.appendingPathComponent("repo") }
        var base: URL { root.appendingPathComponent("base") }

        func write(_ relative: String, _ text: String) throws {
            try Data(text.utf8).write(to: repository.appendingPathComponent(relative))
        }
    }

    func makeCheckout() throws -> Checkout { try Self.makeCheckout(for: self) }

    static func makeCheckout(for test: XCTestCase) throws -> Checkout {
        let git = try TestRequirements.executable("git")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-diff-\(UUID().uuidString)")
        let checkout = Checkout(root: root)
        try FileManager.default.createDirectory(at: checkout.repository, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: checkout.repository.appendingPathComponent("policies"))
        for arguments in [["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base"],
                          ["worktree", "add", "-q", checkout.base.path, "HEAD"]] {
            let result = try runProcess(URL(fileURLWithPath: git), arguments, currentDirectory: checkout.repository)
            XCTAssertEqual(result.status, 0, "git \(arguments): \(result.stderr)")
        }
        return checkout
    }

    /// ci may also delete images and the repository: new access.
    static let ciWithDelete = """
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Sid": "GetAuthorizationToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
        {
          "Sid": "PushPullAndDelete",
          "Effect": "Allow",
          "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:InitiateLayerUpload",
                     "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchDeleteImage", "ecr:DeleteRepository"],
          "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/employee-api"
        }
      ]
    }
    """

    func testNewAccessFailsWithTheGrantingStatementAndSARIFNamesRepositoryFiles() throws {
        let checkout = try makeCheckout()
        try checkout.write("policies/identity/ci-push.json", Self.ciWithDelete)
        let text = try runEcrguard(["diff", checkout.base.appendingPathComponent("policies").path, "policies"], currentDirectory: checkout.repository)
        XCTAssertEqual(text.status, 1, text.stdout + text.stderr)
        XCTAssertTrue(text.stdout.contains("+ ci delete 123456789012/us-east-1/employee-api"), text.stdout)
        XCTAssertTrue(text.stdout.contains(#"granted by policies/identity/ci-push.json:5 Statement[1] "PushPullAndDelete" (Allow)"#), text.stdout)
        XCTAssertTrue(text.stdout.contains("Findings: 0 new, 0 resolved"), "unchanged findings match across the checkouts: \(text.stdout)")

        // From a subdirectory, SARIF still names files from the repository root.
        let policies = checkout.repository.appendingPathComponent("policies")
        let sarif = try runEcrguard(["diff", checkout.base.appendingPathComponent("policies").path, ".", "--format", "sarif"], currentDirectory: policies)
        XCTAssertEqual(sarif.status, 1, sarif.stderr)
        XCTAssertEqual(try SARIFSchema.errors(Data(sarif.stdout.utf8)), [])
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        XCTAssertEqual((run["automationDetails"] as? [String: Any])?["id"] as? String, "ecrguard/diff/")
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["ruleId"] as? String }, ["ACCESS_ADDED"])
        let location = try XCTUnwrap(((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        XCTAssertEqual((location["artifactLocation"] as? [String: Any])?["uri"] as? String, "policies/identity/ci-push.json")
        XCTAssertEqual((location["region"] as? [String: Any])?["startLine"] as? Int, 5)

        let lenient = try runEcrguard(["diff", checkout.base.appendingPathComponent("policies").path, "policies", "--no-fail-on-new-access"],
                                      currentDirectory: checkout.repository)
        XCTAssertEqual(lenient.status, 0, lenient.stderr)
        XCTAssertTrue(lenient.stdout.contains("New access reported; not failing"), lenient.stdout)
    }

    func testRemovedAccessAndNoChangePass() throws {
        let checkout = try makeCheckout()
        let base = checkout.base.appendingPathComponent("policies").path
        let same = try runEcrguard(["diff", base, "policies"], currentDirectory: checkout.repository)
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        XCTAssertTrue(same.stdout.contains("Access added: 0 cell(s)\nAccess removed: 0 cell(s)"), same.stdout)
        // The reverse of new access: the base could delete, the head cannot.
        let reversed = try runEcrguard(["diff", "policies", base], currentDirectory: checkout.repository)
        XCTAssertEqual(reversed.status, 0)
        try checkout.write("policies/identity/ci-push.json", Self.ciWithDelete)
        let removed = try runEcrguard(["diff", "policies", base, "--format", "json"], currentDirectory: checkout.repository)
        XCTAssertEqual(removed.status, 0, removed.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(removed.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((json["counts"] as? [String: Int])?["accessRemoved"], 1)
        XCTAssertEqual((json["counts"] as? [String: Int])?["accessAdded"], 0)
        let access = try XCTUnwrap((json["access"] as? [[String: Any]])?.first)
        XCTAssertEqual(access["change"] as? String, "removed")
        XCTAssertEqual(((access["base"] as? [String: Any])?["statements"] as? [[String: Any]])?.compactMap { $0["sid"] as? String }, ["PushPullAndDelete"])
        XCTAssertEqual((access["head"] as? [String: Any])?["decision"] as? String, "implicitDeny")
    }

    func testASideThatCannotBeReadIsAnErrorWithItsLocation() throws {
        let checkout = try makeCheckout()
        try checkout.write("policies/identity/ci-push.json", "{ not json")
        let result = try runEcrguard(["diff", checkout.base.appendingPathComponent("policies").path, "policies"], currentDirectory: checkout.repository)
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stderr.contains("policies/identity/ci-push.json:1:"), result.stderr)
        let missing = try runEcrguard(["diff", "nowhere", "policies"], currentDirectory: checkout.repository)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("nowhere: no such file or directory"), missing.stderr)
        let usage = try runEcrguard(["diff", "policies", "policies", "--format", "html"], currentDirectory: checkout.repository)
        XCTAssertEqual(usage.status, 64)
    }

    /// The Markdown a pull-request comment shows, rendered by Python-Markdown: the tables, the links
    /// to the deciding lines and the code spans survive, and text from policies stays text.
    func testMarkdownRendersToTablesLinksAndCode() throws {
        let python = try TestRequirements.executable("python3")
        if try runProcess(URL(fileURLWithPath: python), ["-c", "import markdown"]).status != 0 {
            try TestRequirements.unmet("python3 markdown (scripts/setup.sh test)")
        }
        let checkout = try makeCheckout()
        var policy = Self.ciWithDelete.replacingOccurrences(of: "PushPullAndDelete", with: "Push|<b>bold</b>`tick`")
        policy = policy.replacingOccurrences(of: "\"Sid\": \"GetAuthorizationToken\", ", with: "")
        try checkout.write("policies/identity/ci-push.json", policy)
        let result = try runEcrguard(["diff", checkout.base.appendingPathComponent("policies").path, "policies", "--format", "markdown",
                                      "--link-base", "https://github.com/example/registry/blob/0123abc"], currentDirectory: checkout.repository)
        XCTAssertEqual(result.status, 1, result.stderr)
        let script = """
        import sys, markdown
        sys.stdout.write(markdown.markdown(sys.stdin.read(), extensions=["tables"]))
        """
        let rendered = try runProcess(URL(fileURLWithPath: python), ["-c", script], stdin: Data(result.stdout.utf8))
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        let html = rendered.stdout
        XCTAssertTrue(html.contains("<h2>ecrguard diff: new access</h2>"), html)
        XCTAssertTrue(html.contains("<table>"), html)
        XCTAssertTrue(html.contains("<th>Granted by (head)</th>"), html)
        XCTAssertTrue(html.contains(#"<a href="https://github.com/example/registry/blob/0123abc/policies/identity/ci-push.json#L5"><code>policies/identity/ci-push.json:5</code></a>"#), html)
        XCTAssertTrue(html.contains("<code>delete</code>"), html)
        XCTAssertTrue(html.contains("<code>123456789012/us-east-1/employee-api</code>"), html)
        // The Sid is text: no <b> element, the pipe does not split the row, the backticks are literal.
        XCTAssertFalse(html.contains("<b>bold</b>"), html)
        XCTAssertTrue(html.contains("Push|&lt;b&gt;bold&lt;/b&gt;`tick`"), html)
        let row = try XCTUnwrap(html.components(separatedBy: "<tr>").first { $0.contains("<code>delete</code>") })
        XCTAssertEqual(row.components(separatedBy: "<td").count - 1, 5, row)
    }

    /// A head imported with gaps (import-report.json) fails: what it could not read may grant access.
    /// The base's gaps alone do not (they can only make access look new that was not).
    func testAHeadWithImportGapsFailsAndABaseWithGapsDoesNot() throws {
        let checkout = try makeCheckout()
        try checkout.write("policies/import-report.json", ImportCommandTests.reportWithGap)
        let base = checkout.base.appendingPathComponent("policies").path
        let head = try runEcrguard(["diff", base, "policies", "--no-fail-on-new-access"], currentDirectory: checkout.repository)
        XCTAssertEqual(head.status, 1, head.stdout + head.stderr)
        XCTAssertTrue(head.stdout.contains("FAILED: the head is an import with 1 gap(s)"), head.stdout)
        XCTAssertTrue(head.stdout.contains("IMPORT_ACCESS_DENIED"), head.stdout)
        let reversed = try runEcrguard(["diff", "policies", base], currentDirectory: checkout.repository)
        XCTAssertEqual(reversed.status, 0, reversed.stdout + reversed.stderr)
    }

    /// A Terraform plan as the head, laid over the bundled policies/ as `audit --terraform-plan DIR`
    /// lays it: the pull request's plan adds no access; with its organization condition dropped,
    /// the outsider can pull, named with the plan's statement.
    func testAPlanSideIsLaidOverTheDirectoryAndComparedWithIt() throws {
        let fixture = repositoryRoot.appendingPathComponent("Tests/TerraformImportTests/Fixtures/employee-api-change.plan.json")
        let checkout = try makeCheckout()
        try FileManager.default.copyItem(at: fixture, to: checkout.repository.appendingPathComponent("pr.plan.json"))
        let good = try runEcrguard(["diff", "policies", "pr.plan.json"], currentDirectory: checkout.repository)
        XCTAssertEqual(good.status, 0, good.stdout + good.stderr)
        XCTAssertTrue(good.stdout.contains("Access added: 0 cell(s)"), good.stdout)
        let opened = try String(contentsOf: fixture, encoding: .utf8)
            .replacingOccurrences(of: #",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}"#, with: "")
        try checkout.write("opened.plan.json", opened)
        let bad = try runEcrguard(["diff", "policies", "opened.plan.json"], currentDirectory: checkout.repository)
        XCTAssertEqual(bad.status, 1, bad.stdout + bad.stderr)
        XCTAssertTrue(bad.stdout.contains("+ outsider pull 123456789012/us-east-1/employee-api"), bad.stdout)
        // The reverse direction: the plan as the base, the directory as the head, removes that access.
        let reversed = try runEcrguard(["diff", "opened.plan.json", "policies"], currentDirectory: checkout.repository)
        XCTAssertEqual(reversed.status, 0, reversed.stdout + reversed.stderr)
        XCTAssertTrue(reversed.stdout.contains("- outsider pull 123456789012/us-east-1/employee-api"), reversed.stdout)
    }

    /// A CloudFormation template as the head, laid over the bundled policies/: making employee-api
    /// public is new access for the outsider, granted at the template's line.
    func testATemplateSideIsLaidOverTheDirectory() throws {
        let checkout = try makeCheckout()
        try checkout.write("pr.yaml", """
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
        """)
        let result = try runEcrguard(["diff", "policies", "pr.yaml", "--account", "123456789012", "--region", "us-east-1"],
                                     currentDirectory: checkout.repository)
        XCTAssertEqual(result.status, 1, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("+ outsider pull 123456789012/us-east-1/employee-api"), result.stdout)
        XCTAssertTrue(result.stdout.contains("pr.yaml"), result.stdout)
    }
}

/// SARIF names files from the repository root whichever directory `check` and `audit` run in.
final class RepositoryRelativeSARIFTests: XCTestCase {
    func uris(_ sarif: String) throws -> [String] {
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        return results.compactMap { ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String }
    }

    func testCheckAndAuditFromASubdirectoryNameFilesFromTheRoot() throws {
        let checkout = try DiffCommandTests.makeCheckout(for: self)
        let policies = checkout.repository.appendingPathComponent("policies")
        let check = try runEcrguard(["check", "repositories/employee-api.json", "--format", "sarif", "--fail-on", "critical"], currentDirectory: policies)
        XCTAssertTrue([0, 1].contains(check.status), check.stderr)
        let checked = try uris(check.stdout)
        XCTAssertFalse(checked.isEmpty, check.stdout)
        XCTAssertEqual(Set(checked), ["policies/repositories/employee-api.json"])
        let audit = try runEcrguard(["audit", ".", "--out", "../Reports"], currentDirectory: policies)
        XCTAssertTrue([0, 1].contains(audit.status), audit.stdout + audit.stderr)
        let sarif = try String(contentsOf: checkout.repository.appendingPathComponent("Reports/results.sarif"), encoding: .utf8)
        let audited = try uris(sarif)
        XCTAssertFalse(audited.isEmpty)
        XCTAssertTrue(audited.allSatisfy { $0.hasPrefix("policies/") }, "\(audited)")
        XCTAssertTrue(sarif.contains(#""id" : "ecrguard/audit/""#), "one category per command")
        XCTAssertTrue(check.stdout.contains(#""id" : "ecrguard/check/""#))
    }
}
