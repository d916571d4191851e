import Foundation
import XCTest

/// End-to-end: `ecrguard simulate` single requests, capabilities and batch files.
final class SimulateCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-simulate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    let repo = "arn:aws:ecr:us-east-1:111122223333:repository/employee-api"

    func testSingleRequestTextAndJSON() throws {
        let id = try write("ci.json", """
        {"Version": "2012-10-17",
         "Statement": [{"Sid": "Push", "Effect": "Allow", "Action": ["ecr:PutImage"], "Resource": "*"}]}
        """)
        let text = try runEcrguard(["simulate", "--principal", "arn:aws:sts::111122223333:assumed-role/ci/b1", "--action", "ecr:PutImage",
                                    "--resource", repo, "--identity-policy", id])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("ALLOWED"), text.stdout)
        XCTAssertTrue(text.stdout.contains("ci.json:2:16 Statement[0] Sid \"Push\""), text.stdout)

        let json = try runEcrguard(["simulate", "--principal", "arn:aws:sts::444455556666:assumed-role/ci/b1", "--action", "ecr:PutImage",
                                    "--resource", repo, "--identity-policy", id, "--format", "json", "--context", "aws:PrincipalOrgID=o-1"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["decision"] as? String, "implicitDeny")
        XCTAssertEqual(object["blockedBy"] as? [String], ["resource"])

        let expect = try runEcrguard(["simulate", "--principal", "arn:aws:sts::444455556666:assumed-role/ci/b1", "--action", "ecr:PutImage",
                                      "--resource", repo, "--identity-policy", id, "--expect", "allowed"])
        XCTAssertEqual(expect.status, 1)
    }

    func testCapabilityExplainedPerAction() throws {
        let repoPolicy = try write("repo.json", """
        {"Version": "2008-10-17", "Statement": [{"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
          "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}
        """)
        let id = try write("id.json", #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecr:*","Resource":"*"}}"#)
        let r = try runEcrguard(["simulate", "--principal", "arn:aws:sts::444455556666:assumed-role/deploy/x", "--capability", "pull",
                                 "--resource", repo, "--identity-policy", id, "--resource-policy", repoPolicy, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["decision"] as? String, "allowed")
        let actions = try XCTUnwrap((object["explain"] as? [String: Any])?["actions"] as? [[String: Any]])
        XCTAssertEqual(actions.map { $0["action"] as? String }, ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"])
        XCTAssertEqual(actions.map { $0["decision"] as? String }, ["allowed", "allowed", "allowed", "implicitDeny"])
    }

    func testBatchOutputInInputOrderWithSharedPolicies() throws {
        let batch = try write("batch.json", """
        {"policies": {
           "ci": {"Version": "2012-10-17", "Statement": [{"Sid": "Pull", "Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"}]},
           "repo": {"Version": "2008-10-17", "Statement": [{"Sid": "OrgOnly", "Effect": "Deny", "Principal": "*", "Action": "ecr:*",
                    "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}}]}},
         "cases": [
           {"id": "in-org", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:BatchGetImage",
              "resource": "\(repo)", "context": {"aws:PrincipalOrgID": "o-1"}}, "identityPolicies": ["ci"], "resourcePolicy": "repo"},
           {"id": "no-org", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:BatchGetImage",
              "resource": "\(repo)"}, "identityPolicies": ["ci"], "resourcePolicy": "repo"},
           {"id": "push", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage",
              "resource": "\(repo)", "context": {"aws:PrincipalOrgID": "o-1"}}, "identityPolicies": ["ci"], "resourcePolicy": "repo",
              "serviceControlPolicies": [[{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}]]}
         ]}
        """)
        let r = try runEcrguard(["simulate", "--batch", batch])
        XCTAssertEqual(r.status, 0, r.stderr)
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(results.map { $0["id"] as? String }, ["in-org", "no-org", "push"])
        XCTAssertEqual(results.map { $0["decision"] as? String }, ["allowed", "explicitDeny", "implicitDeny"])
        XCTAssertEqual(results.map { $0["blockedBy"] as? [String] }, [[], ["resource"], ["identity", "resource"]])
        let explain = try XCTUnwrap(results[1]["explain"] as? [String: Any])
        let deciding = try XCTUnwrap(explain["decidingStatements"] as? [[String: Any]])
        XCTAssertEqual(deciding.first?["policy"] as? String, "repo")
        XCTAssertEqual(deciding.first?["sid"] as? String, "OrgOnly")
        XCTAssertEqual(deciding.first?["statement"] as? Int, 0)
        XCTAssertEqual(deciding.first?["line"] as? Int, 3)
        let missing = try XCTUnwrap(explain["missingContextKeys"] as? [[String: Any]])
        XCTAssertEqual(missing.first?["key"] as? String, "aws:PrincipalOrgID")
    }

    /// Issue 10: a case that cannot be evaluated gets its own error result (message, file, line,
    /// column); every other case is still answered, and the exit status is 2.
    func testBadCaseIsItsOwnErrorResultAndTheOthersAreAnswered() throws {
        let good = #"{"id": "ok", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "*"}, "identityPolicies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}}]}"#
        let cases: [(String, String)] = [
            ("[{\"id\": \"a\",\n  \"request\": {\"principal\": \"arn:aws:iam::1:role/x\", \"action\": \"ecr:A\", \"resource\": \"*\"}},\n\(good)]", ":2:28:"),
            ("[{\"id\": \"a\", \"request\": {\"principal\": \"anonymous\", \"action\": \"ecr:A\", \"resource\": \"*\"},\n \"identityPolicies\": [\"missing\"]}, \(good)]", ":2:23:"),
            ("[{\"id\": \"a\", \"request\": {\"principal\": \"anonymous\", \"action\": \"ecr:A\", \"resource\": \"*\"}, \"typo\": 1}, \(good)]", ":1:89:"),
            ("{\"cases\": [{\"request\": {\"principal\": \"anonymous\", \"resource\": \"*\"}}, \(good)]}", ":1:24:"),
            // A policy AWS refuses (an unknown statement element): that case only.
            ("[\(good), {\"id\": \"a\", \"request\": {\"principal\": \"anonymous\", \"action\": \"ecr:A\", \"resource\": \"*\"},\n \"identityPolicies\": [{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\", \"Bogus\": 1}}]}]", ":2:114:"),
        ]
        for (i, (text, position)) in cases.enumerated() {
            let path = try write("bad\(i).json", text)
            let r = try runEcrguard(["simulate", "--batch", path])
            XCTAssertEqual(r.status, 2, "case \(i): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("bad\(i).json" + position), "case \(i): \(r.stderr)")
            let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], "case \(i): \(r.stdout)")
            XCTAssertEqual(results.count, 2, "case \(i)")
            let error = try XCTUnwrap(results.first { $0["decision"] as? String == "error" }?["error"] as? [String: Any], "case \(i): \(r.stdout)")
            XCTAssertEqual("\(error["file"] as? String ?? ""):\(error["line"] as? Int ?? 0):\(error["column"] as? Int ?? 0):", path + position, "case \(i)")
            XCTAssertEqual(results.first { $0["id"] as? String == "ok" }?["decision"] as? String, "allowed", "case \(i): \(r.stdout)")
        }
        // Broken JSON ends the stream at the break, with an error result there.
        let broken = try runEcrguard(["simulate", "--batch", try write("broken.json", "[\(good), {\"id\": \"a\",")])
        XCTAssertEqual(broken.status, 2)
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(broken.stdout.utf8)) as? [[String: Any]], broken.stdout)
        XCTAssertEqual(results.map { $0["decision"] as? String }, ["allowed", "error"])
        // A file that is no batch at all: nothing on stdout.
        for (name, text, position) in [("top.json", "\"cases\"", ":1:1:"), ("syntax.json", "[{\"id\": 1,,", ":1:11:")] {
            let r = try runEcrguard(["simulate", "--batch", try write(name, text)])
            XCTAssertEqual(r.status, 2, name)
            XCTAssertEqual(r.stdout.contains("decision"), name == "syntax.json", "\(name): \(r.stdout)")
            XCTAssertTrue(r.stderr.contains(name + position), "\(name): \(r.stderr)")
        }
        let missing = try runEcrguard(["simulate", "--batch", dir.appendingPathComponent("nope.json").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stdout, "")
        let usage = try runEcrguard(["simulate", "--principal", "anonymous", "--resource", repo])
        XCTAssertEqual(usage.status, 64)
    }

    /// --output jsonl (one result per line), --pretty, --explain none|full; a directory is no batch.
    func testBatchOutputForms() throws {
        let batch = try write("forms.json", """
        {"policies": {"ci": {"Version": "2012-10-17", "Statement": [{"Sid": "Pull", "Effect": "Allow", "Action": "ecr:BatchGetImage", "Resource": "*"}]}},
         "cases": [{"id": "a", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:BatchGetImage", "resource": "\(repo)"}, "identityPolicies": ["ci"]},
                   {"id": "b", "request": {"principal": "arn:aws:iam::111122223333:role/ci", "action": "ecr:PutImage", "resource": "\(repo)"}, "identityPolicies": ["ci"]}]}
        """)
        let lines = try runEcrguard(["simulate", "--batch", batch, "--output", "jsonl", "--explain", "none"])
        XCTAssertEqual(lines.status, 0, lines.stderr)
        let objects = try lines.stdout.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(objects.map { $0["decision"] as? String }, ["allowed", "implicitDeny"])
        XCTAssertTrue(objects.allSatisfy { $0["explain"] == nil })
        let full = try runEcrguard(["simulate", "--batch", batch, "--pretty", "--explain", "full"])
        XCTAssertEqual(full.status, 0, full.stderr)
        XCTAssertTrue(full.stdout.contains("\n      \"decidingStatements\""), full.stdout)
        let results = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [[String: Any]])
        XCTAssertNotNil((results.first?["explain"] as? [String: Any])?["reasons"])
        let deciding = try runEcrguard(["simulate", "--batch", batch])
        XCTAssertEqual(deciding.stdout.split(separator: "\n").count, 4, deciding.stdout)   // "[", two results, "]"
        XCTAssertFalse(deciding.stdout.contains("reasons"))
        let directory = try runEcrguard(["simulate", "--batch", dir.path])
        XCTAssertEqual(directory.status, 2)
        XCTAssertEqual(directory.stdout, "")
    }

    func testInvalidPolicyFileIsBadInput() throws {
        let bad = try write("bad.json", "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"ecr:*\", \"Resource\": \"*\", \"Bogus\": 1}]}")
        let r = try runEcrguard(["simulate", "--principal", "anonymous", "--action", "ecr:PutImage", "--resource", repo, "--resource-policy", bad])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("bad.json:2:"), r.stderr)
    }
}

/// End-to-end: `ecrguard who-can` from files and from a policies/ directory.
final class WhoCanCommandTests: XCTestCase {
    func testWhoCanFromFilesListsNamedAndRepresentativePrincipals() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-whocan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let repo = dir.appendingPathComponent("repo.json").path
        try Data("""
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "CIPush", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci"},
           "Action": ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"]},
          {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}
        """.utf8).write(to: URL(fileURLWithPath: repo))
        let arn = "arn:aws:ecr:us-east-1:111122223333:repository/employee-api"
        let push = try runEcrguard(["who-can", "push", arn, "--repository-policy", repo, "--format", "json", "--organization-id", "o-a1b2c3d4e5"])
        XCTAssertEqual(push.status, 0, push.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(push.stdout.utf8)) as? [String: Any])
        let rows = try XCTUnwrap(object["principals"] as? [[String: Any]])
        let byPrincipal = Dictionary(rows.map { ($0["principal"] as! String, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byPrincipal["arn:aws:iam::111122223333:role/ci"]?["can"] as? Bool, true)
        XCTAssertEqual(byPrincipal["anonymous"]?["can"] as? Bool, false)
        XCTAssertEqual(byPrincipal["arn:aws:sts::999999999999:assumed-role/any-role/session"]?["can"] as? Bool, false)
        XCTAssertNotNil(byPrincipal["arn:aws:sts::111122223333:assumed-role/another-role/session"])

        let pull = try runEcrguard(["who-can", "pull", arn, "--repository-policy", repo, "--format", "json", "--organization-id", "o-a1b2c3d4e5"])
        let pullRows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(pull.stdout.utf8)) as? [String: Any])?["principals"] as? [[String: Any]])
        let org = try XCTUnwrap(pullRows.first { ($0["source"] as? String)?.hasPrefix("a principal of another account in organization") == true })
        XCTAssertEqual(org["can"] as? Bool, true)
        let outsider = try XCTUnwrap(pullRows.first { $0["principal"] as? String == "arn:aws:sts::999999999999:assumed-role/any-role/session" })
        XCTAssertEqual(outsider["can"] as? Bool, false)
        let conditions = try XCTUnwrap(outsider["conditions"] as? [[String: Any]])
        XCTAssertEqual(conditions.first?["key"] as? String, "aws:PrincipalOrgID")

        let text = try runEcrguard(["who-can", "pull", arn, "--repository-policy", repo])
        XCTAssertEqual(text.status, 0)
        XCTAssertTrue(text.stdout.contains("StringEquals aws:PrincipalOrgID o-a1b2c3d4e5"), text.stdout)
        XCTAssertEqual(try runEcrguard(["who-can", "fly", arn]).status, 64)
    }

    func testWhoCanFromTheBundledPoliciesDirectory() throws {
        let r = try runEcrguard(["who-can", "push", "employee-api", repositoryRoot.appendingPathComponent("policies").path, "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let rows = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["principals"] as? [[String: Any]])
        XCTAssertTrue(rows.contains { ($0["source"] as? String)?.hasPrefix("manifest principal") == true })
        XCTAssertTrue(rows.contains { $0["principal"] as? String == "anonymous" && $0["can"] as? Bool == false })
        let missing = try runEcrguard(["who-can", "push", "no-such-repo", repositoryRoot.appendingPathComponent("policies").path])
        XCTAssertEqual(missing.status, 2)
    }
}
