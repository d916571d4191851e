import PolicyChecks
import PolicyCore
import RegistryAudit
import Synchronization
import XCTest

/// Identical repository policies are checked once; every file must still get exactly the findings
/// (file, position, fingerprint) a check of its own would give.
final class CheckCacheTests: XCTestCase {
    func testRepointedFindingsEqualDirectChecks() throws {
        let publicPull = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#
        let files = InMemoryFiles(files: ["a.json": publicPull, "b.json": publicPull, "c.json": publicPull])
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - {name: alpha, policy: a.json, scanOnPush: true}
              - {name: beta, policy: b.json, scanOnPush: true}
              - {name: gamma, policy: c.json, scanOnPush: true}
        """
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader)
        let checker = PolicyChecker()
        let check: PolicyCheck = { policy, attachment in
            checker.check(policy.file.text, kind: policy.file.kind, file: policy.file.path,
                          context: CheckContext(accountID: attachment.account, repositoryName: attachment.repositoryName, region: attachment.region))
        }
        let result = RegistryAuditor(check: check).audit(input)
        var expected: [Finding] = []
        for (path, name) in [("a.json", "alpha"), ("b.json", "beta"), ("c.json", "gamma")] {
            expected += checker.check(publicPull, kind: .repository, file: path,
                                      context: CheckContext(accountID: "123456789012", repositoryName: name, region: "us-east-1"))
        }
        XCTAssertTrue(expected.contains { $0.code == "PUBLIC_ACCESS" }, "the fixture must produce findings to compare")
        XCTAssertEqual(result.findings.filter { $0.file.hasSuffix(".json") }, expected)
        XCTAssertEqual(Set(result.findings.compactMap(\.fingerprint)).count, Set(expected.compactMap(\.fingerprint)).count)
    }

    /// A finding tied to no statement (here the missing `Version`) is fingerprinted by its message,
    /// for the files whose check the cache re-uses as for the first one.
    func testFindingsWithoutAStatementKeepTheirFingerprint() throws {
        let noVersion = #"{"Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#
        let files = InMemoryFiles(files: ["a.json": noVersion, "b.json": noVersion])
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - {name: alpha, policy: a.json, scanOnPush: true}
              - {name: beta, policy: b.json, scanOnPush: true}
        """
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader)
        let checker = PolicyChecker()
        let check: PolicyCheck = { policy, attachment in
            checker.check(policy.file.text, kind: policy.file.kind, file: policy.file.path,
                          context: CheckContext(accountID: attachment.account, repositoryName: attachment.repositoryName, region: attachment.region))
        }
        let result = RegistryAuditor(check: check).audit(input)
        var expected: [Finding] = []
        for (path, name) in [("a.json", "alpha"), ("b.json", "beta")] {
            expected += checker.check(noVersion, kind: .repository, file: path,
                                      context: CheckContext(accountID: "123456789012", repositoryName: name, region: "us-east-1"))
        }
        XCTAssertTrue(expected.contains { $0.file == "b.json" && $0.statementIndex == nil && $0.fingerprint != nil },
                      "the fixture must produce a finding without a statement")
        XCTAssertEqual(result.findings.filter { $0.file.hasSuffix(".json") }, expected)
    }

    /// Two templates, their files interleaved, checked on two threads: each text is checked once,
    /// and every file gets its own text's findings (a plan that told the texts apart wrongly would
    /// give one template's findings to the other's files).
    func testEachTextIsCheckedOnceAndKeepsItsOwnFindings() throws {
        let publicPull = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#
        let noVersion = #"{"Statement": [{"Sid": "Team", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "ecr:*"}]}"#
        let texts = ["a.json": publicPull, "b.json": noVersion, "c.json": publicPull, "d.json": noVersion]
        let files = InMemoryFiles(files: texts)
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - {name: alpha, policy: a.json, scanOnPush: true}
              - {name: beta, policy: b.json, scanOnPush: true}
              - {name: gamma, policy: c.json, scanOnPush: true}
              - {name: delta, policy: d.json, scanOnPush: true}
        """
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader)
        let checker = PolicyChecker()
        let checks = Atomic<Int>(0)
        let check: PolicyCheck = { policy, attachment in
            checks.add(1, ordering: .relaxed)
            return checker.check(policy.file.text, kind: policy.file.kind, file: policy.file.path,
                                 context: CheckContext(accountID: attachment.account, repositoryName: attachment.repositoryName, region: attachment.region))
        }
        let result = RegistryAuditor(check: check, workers: 2).audit(input)
        XCTAssertEqual(checks.load(ordering: .relaxed), 2, "one check per text")
        var expected: [Finding] = []
        for (path, name) in [("a.json", "alpha"), ("b.json", "beta"), ("c.json", "gamma"), ("d.json", "delta")] {
            expected += checker.check(texts[path]!, kind: .repository, file: path,
                                      context: CheckContext(accountID: "123456789012", repositoryName: name, region: "us-east-1"))
        }
        XCTAssertNotEqual(Set(expected.filter { $0.file == "a.json" }.map(\.code)), Set(expected.filter { $0.file == "b.json" }.map(\.code)),
                          "the two texts must have different findings for this test to mean anything")
        XCTAssertEqual(result.findings.filter { $0.file.hasSuffix(".json") }, expected)
    }
}
