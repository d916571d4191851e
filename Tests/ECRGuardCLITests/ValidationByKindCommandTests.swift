import Foundation
import XCTest

/// End-to-end: validation as AWS enforces it per policy kind (issue 10, item 2), the finding
/// catalog (`check --list-rules`, item 6) and `--fail-on-code` typos (item 5).
final class ValidationByKindCommandTests: CheckTestCase {
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testDuplicateSidsFailIdentityPoliciesAndWarnInRepositoryPolicies() throws {
        try write("p.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Same", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage", "Resource": "*"},
          {"Sid": "Same", "Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:GetDownloadUrlForLayer", "Resource": "*"}]}
        """)
        try write("id.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Same", "Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"},
          {"Sid": "Same", "Effect": "Allow", "Action": "ecr:GetDownloadUrlForLayer", "Resource": "*"}]}
        """)
        let identity = try check(["id.json", "--kind", "identity"])
        XCTAssertEqual(identity.status, 1, identity.stdout + identity.stderr)
        XCTAssertTrue(identity.stdout.contains("id.json:3:11: high UNIQUE_SIDS_REQUIRED Sid 'Same' is already used"), identity.stdout)
        let registry = try check(["p.json", "--kind", "registry", "--account", "111122223333"])
        XCTAssertTrue(registry.stdout.contains("p.json:3:11: low DUPLICATE_SID"), registry.stdout)
        XCTAssertFalse(registry.stdout.contains("UNIQUE_SIDS_REQUIRED"), registry.stdout)
    }

    func testResourceControlPolicyWithVersion2008FailsTheGate() throws {
        try write("rcp.json", #"{"Version": "2008-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject", "Resource": "*"}]}"#)
        let r = try check(["rcp.json", "--kind", "rcp"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("rcp.json:1:13: high INVALID_VERSION a resource control policy must have Version 2012-10-17"), r.stdout)
    }

    func testWhoCanRefusesAPolicyNamingAGroup() throws {
        try write("repo.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "TeamPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:group/developers"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}
        """)
        let r = try runEcrguard(["who-can", "pull", "arn:aws:ecr:us-east-1:111122223333:repository/employee-api", "--repository-policy", path("repo.json")])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stderr.contains("repo.json:2:63: error: 'arn:aws:iam::111122223333:group/developers' is not a principal: an IAM group cannot be a principal"), r.stderr)
        XCTAssertTrue(r.stderr.contains("[INVALID_PRINCIPAL_FORMAT]"), r.stderr)
    }

    func testWhoCanRefusesAManifestPrincipalThatIsAGroup() throws {
        let policies = directory.appendingPathComponent("policies")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("policies"), to: policies)
        let manifest = policies.appendingPathComponent("ecrguard.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        XCTAssertTrue(text.contains("arn: arn:aws:iam::123456789012:role/ci\n"))
        try Data(text.replacingOccurrences(of: "arn: arn:aws:iam::123456789012:role/ci\n", with: "arn: arn:aws:iam::123456789012:group/ci\n").utf8).write(to: manifest)
        let r = try runEcrguard(["who-can", "push", "employee-api", policies.path])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stderr.contains("'arn:aws:iam::123456789012:group/ci' is not a principal: an IAM group cannot be a principal"), r.stderr)
    }

    func testSimulateReadsVariablesOfA2008PolicyLiterally() throws {
        try write("id.json", """
        {"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:BatchGetImage",
          "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/${aws:username}"}]}
        """)
        func simulate(_ repository: String) throws -> ProcessResult {
            try runEcrguard(["simulate", "--principal", "arn:aws:iam::111122223333:user/alice", "--action", "ecr:BatchGetImage",
                             "--resource", "arn:aws:ecr:us-east-1:111122223333:repository/\(repository)", "--identity-policy", path("id.json"),
                             "--format", "json"])
        }
        let alice = try simulate("alice")
        XCTAssertEqual(alice.status, 0, alice.stderr)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(alice.stdout.utf8)) as? [String: Any])?["decision"] as? String, "implicitDeny")
        let literal = try simulate("${aws:username}")
        XCTAssertEqual(literal.status, 0, literal.stderr)
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(literal.stdout.utf8)) as? [String: Any])?["decision"] as? String, "allowed")
    }

    func testUnknownFailOnCodeIsAUsageErrorWithASuggestion() throws {
        try write("p.json", #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage"}]}"#)
        let typo = try check(["p.json", "--fail-on-code", "PUBLIC_ACCES"])
        XCTAssertEqual(typo.status, 64, typo.stdout)
        XCTAssertTrue(typo.stderr.contains("unknown finding code 'PUBLIC_ACCES'; did you mean PUBLIC_ACCESS?"), typo.stderr)
        let unknown = try check(["p.json", "--fail-on-code", "NOTHING_LIKE_ANY"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertFalse(unknown.stderr.contains("did you mean"), unknown.stderr)
        let known = try check(["p.json", "--fail-on-code", "external_access", "--account", "444455556666"])
        XCTAssertEqual(known.status, 1, known.stdout + known.stderr)
        XCTAssertTrue(known.stdout.contains("EXTERNAL_ACCESS"), known.stdout)
    }

    func testListRulesPrintsTheCatalog() throws {
        let text = try check(["--list-rules"])
        XCTAssertEqual(text.status, 0, text.stderr)
        for code in ["JSON_SYNTAX_ERROR", "UNIQUE_SIDS_REQUIRED", "DUPLICATE_SID", "PUBLIC_ACCESS", "SUPPRESSION_EXPIRED", "REPLICATION_WILL_FAIL", "INPUT_ERROR"] {
            XCTAssertTrue(text.stdout.contains("  \(code) "), code)
        }
        let json = try check(["--list-rules", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let rules = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let codes = rules.compactMap { $0["code"] as? String }
        XCTAssertEqual(Set(codes).count, codes.count, "each code once")
        XCTAssertEqual(rules.first { $0["code"] as? String == "DATA_TYPE_MISMATCH" }?["severity"] as? String, "high")
        let markdown = try check(["--list-rules", "--format", "markdown"])
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/rules.md"), encoding: .utf8)
        XCTAssertEqual(markdown.stdout, committed, "docs/rules.md is generated by this command")
        XCTAssertEqual(try check(["--list-rules", "--format", "sarif"]).status, 64)
    }
}

/// SARIF rule metadata comes from the same descriptor as the results (issue 10, item 6).
final class SARIFRuleMetadataTests: CheckTestCase {
    func testRuleMetadataAgreesWithResults() throws {
        try write("p.json", """
        {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "ecr:BatchGetImage",
          "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "one hour"}}}]}
        """)
        let r = try check(["p.json", "--format", "sarif"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let rules = try XCTUnwrap(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        let rule = try XCTUnwrap(rules.first { $0["id"] as? String == "DATA_TYPE_MISMATCH" })
        let result = try XCTUnwrap(results.first { $0["ruleId"] as? String == "DATA_TYPE_MISMATCH" })
        XCTAssertEqual((rule["shortDescription"] as? [String: Any])?["text"] as? String, "Condition value does not have the operator's type")
        XCTAssertEqual((rule["defaultConfiguration"] as? [String: Any])?["level"] as? String, result["level"] as? String)
        XCTAssertEqual((result["properties"] as? [String: Any])?["severity"] as? String, "high")
        XCTAssertEqual(results.filter { $0["ruleId"] as? String == "DATA_TYPE_MISMATCH" }.count, 1)
    }
}

/// who-can lists the principals it cannot simulate instead of dropping them (issue 10, item 2).
final class WhoCanUnsimulatedPrincipalTests: CheckTestCase {
    func testUniqueIdsAndFederatedPrincipalsAreListedAsNotSimulated() throws {
        try write("repo.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:role/ci", "AROA1234567890EXAMPLE"], "Federated": "cognito-identity.amazonaws.com"},
           "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}
        """)
        let arn = "arn:aws:ecr:us-east-1:111122223333:repository/employee-api"
        let repo = directory.appendingPathComponent("repo.json").path
        let text = try runEcrguard(["who-can", "pull", arn, "--repository-policy", repo])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("""
          ?   AROA1234567890EXAMPLE — named in the repository policy (line 2, column 97)
                not simulated: a unique id, which AWS writes in place of a principal that was deleted; it matches no caller
        """), text.stdout)
        XCTAssertTrue(text.stdout.contains("?   cognito-identity.amazonaws.com — named in the repository policy"), text.stdout)
        let json = try runEcrguard(["who-can", "pull", arn, "--repository-policy", repo, "--format", "json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let notSimulated = try XCTUnwrap(object["notSimulated"] as? [[String: Any]])
        XCTAssertEqual(notSimulated.compactMap { $0["principal"] as? String }, ["AROA1234567890EXAMPLE", "cognito-identity.amazonaws.com"])
    }
}
