import Foundation
import XCTest

/// End-to-end: `ecrguard check` reports the core's validation errors at their exact positions and
/// never passes a policy AWS would reject.
final class CheckValidationTests: CheckTestCase {
    func testValidationErrorsFailTheGateWhateverTheThreshold() throws {
        try write("repo.json", """
        {
          "Version": "2012-10-17",
          "Statement": [{"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci-*"},
                         "Action": ["ecr:BatchGetImage", "ecr:PutImages"], "Resource": "*"}]
        }
        """)
        let r = try check(["repo.json", "--fail-on", "critical"])
        XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.contains("repo.json:3:73: high UNSUPPORTED_WILDCARD_IN_PRINCIPAL"), r.stdout)
        XCTAssertTrue(r.stdout.contains("repo.json:4:50: high INVALID_ACTION 'ecr:PutImages' is not an action of ecr; did you mean ecr:PutImage?"), r.stdout)
        XCTAssertTrue(r.stdout.contains("repo.json:4:68: low RESOURCE_IN_REPOSITORY_POLICY"), r.stdout)
    }

    func testKindDecidesWhatIsValid() throws {
        let identity = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]}"#
        try write("identity.json", identity)
        XCTAssertEqual(try check(["identity.json", "--kind", "identity"]).status, 0)
        let asRepository = try check(["identity.json", "--kind", "repository"])
        XCTAssertEqual(asRepository.status, 1, asRepository.stdout)
        XCTAssertTrue(asRepository.stdout.contains("identity.json:1:41: high MISSING_PRINCIPAL"), asRepository.stdout)
        XCTAssertEqual(try check(["identity.json", "--kind", "nonsense"]).status, 64)
    }

    func testJSONFindingsCarryPathAndStatement() throws {
        try write("registry.json", """
        {"Version": "2012-10-17", "Statement": [{"Sid": "Replicate", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
          "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"], "Resource": ["arn:aws:ecr:us-west-2:1234:repository/*"]}]}
        """)
        let r = try check(["registry.json", "--kind", "registry", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(json["findings"] as? [[String: Any]])
        let arn = try XCTUnwrap(findings.first { $0["code"] as? String == "INVALID_ARN_ACCOUNT" })
        XCTAssertEqual(arn["path"] as? String, "Statement[0].Resource[0]")
        XCTAssertEqual(arn["line"] as? Int, 2)
        XCTAssertEqual(arn["column"] as? Int, 74)
        XCTAssertEqual(arn["statement"] as? Int, 0)
        XCTAssertEqual(arn["sid"] as? String, "Replicate")
    }

    func testInvalidUTF8IsAnInputError() throws {
        try (Data(#"{"Version": "2012-10-17", "Id": ""#.utf8) + Data([0xC3, 0x28]) + Data(#""}"#.utf8))
            .write(to: directory.appendingPathComponent("latin1.json"))
        let r = try check(["latin1.json"])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("latin1.json:1:34: critical JSON_SYNTAX_ERROR invalid JSON: invalid UTF-8"), r.stdout)
    }
}
