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
        let run = try Self.audit([("alpha", "a.json", publicPull), ("beta", "b.json", publicPull), ("gamma", "c.json", publicPull)])
        XCTAssertTrue(run.expected.contains { $0.code == "PUBLIC_ACCESS" }, "the fixture must produce findings to compare")
        XCTAssertEqual(run.findings, run.expected)
        XCTAssertEqual(Set(run.findings.compactMap(\.fingerprint)).count, Set(run.expected.compactMap(\.fingerprint)).count)
    }

    /// A finding tied to no statement (here the missing `Version`) is fingerprinted by its message,
    /// for the files whose check the cache re-uses as for the first one.
    func testFindingsWithoutAStatementKeepTheirFingerprint() throws {
        let noVersion = #"{"Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#
        let run = try Self.audit([("alpha", "a.json", noVersion), ("beta", "b.json", noVersion)])
        XCTAssertTrue(run.expected.contains { $0.file == "b.json" && $0.statementIndex == nil && $0.fingerprint != nil },
                      "the fixture must produce a finding without a statement")
        XCTAssertEqual(run.findings, run.expected)
    }

    /// Two templates, their files interleaved, checked on two threads: each text is checked once,
    /// and every file gets its own text's findings (a plan that told the texts apart wrongly would
    /// give one template's findings to the other's files).
    func testEachTextIsCheckedOnceAndKeepsItsOwnFindings() throws {
        let publicPull = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#
        let noVersion = #"{"Statement": [{"Sid": "Team", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "ecr:*"}]}"#
        let run = try Self.audit([("alpha", "a.json", publicPull), ("beta", "b.json", noVersion),
                                  ("gamma", "c.json", publicPull), ("delta", "d.json", noVersion)], workers: 2)
        XCTAssertEqual(run.checks, 2, "one check per text")
        XCTAssertNotEqual(Set(run.expected.filter { $0.file == "a.json" }.map(\.code)), Set(run.expected.filter { $0.file == "b.json" }.map(\.code)),
                          "the two texts must have different findings for this test to mean anything")
        XCTAssertEqual(run.findings, run.expected)
    }

    /// Audits one registry (account 123456789012, us-east-1) whose repositories have the given
    /// policy files, counting the checks run: the audit's policy findings, and those a check of
    /// each file of its own gives, in the repositories' order.
    private static func audit(_ repositories: [(name: String, file: String, text: String)], workers: Int = 1) throws
        -> (findings: [Finding], expected: [Finding], checks: Int) {
        let files = InMemoryFiles(files: Dictionary(uniqueKeysWithValues: repositories.map { ($0.file, $0.text) }))
        let manifest = oneRegistryManifest(repositories.map { ($0.name, $0.file) })
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader)
        let checker = PolicyChecker()
        let checks = Atomic<Int>(0)
        let check: PolicyCheck = { policy, attachment in
            checks.add(1, ordering: .relaxed)
            return checker.check(policy.file.text, kind: policy.file.kind, file: policy.file.path,
                                 context: CheckContext(accountID: attachment.account, repositoryName: attachment.repositoryName, region: attachment.region))
        }
        let result = RegistryAuditor(check: check, workers: workers).audit(input)
        let expected = repositories.flatMap { repository in
            checker.check(repository.text, kind: .repository, file: repository.file,
                          context: CheckContext(accountID: "123456789012", repositoryName: repository.name, region: "us-east-1"))
        }
        return (result.findings.filter { $0.file.hasSuffix(".json") }, expected, checks.load(ordering: .relaxed))
    }
}
