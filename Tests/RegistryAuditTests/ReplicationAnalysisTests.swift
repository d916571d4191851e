import PolicyCore
import RegistryAudit
import XCTest

final class ReplicationAnalysisTests: XCTestCase {
    /// Source 111111111111/us-east-1 replicating `team-` repositories to itself in us-west-2 and to
    /// 222222222222/us-east-1, whose registry policy is `destinationPolicy`.
    private func audit(destinationPolicy: String?, destinationRepositories: String = "", filter: String = "team-",
                       extraDestination: String = "") throws -> RegistryAuditResult {
        let policyLine = destinationPolicy == nil ? "" : "    registryPolicy: {file: dest.json, scope: V2}\n"
        let manifest = """
        version: 1
        registries:
          - name: source
            account: "111111111111"
            region: us-east-1
            replication:
              rules:
                - destinations:
                    - {region: us-west-2, registryId: "111111111111"}
                    - {region: us-east-1, registryId: "222222222222"}\(extraDestination)
                  repositoryFilters:
                    - {filter: \(filter), filterType: PREFIX_MATCH}
            repositories:
              - {name: team-api, scanOnPush: true}
              - {name: other-api, scanOnPush: true}
          - name: dest
            account: "222222222222"
            region: us-east-1
        \(policyLine)\(destinationRepositories)
        """
        let files = InMemoryFiles(files: destinationPolicy.map { ["dest.json": $0] } ?? [:])
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "ecrguard.yaml", directory: ".", read: files.reader)
        return RegistryAuditor().audit(input)
    }

    private func replicationPolicy(actions: [String], effect: String = "Allow", source: String = "111111111111") -> String {
        """
        {"Version": "2012-10-17", "Statement": [{"Sid": "Replication", "Effect": "\(effect)",
          "Principal": {"AWS": "arn:aws:iam::\(source):root"},
          "Action": [\(actions.map { "\"\($0)\"" }.joined(separator: ", "))],
          "Resource": "arn:aws:ecr:us-east-1:222222222222:repository/*"}]}
        """
    }

    private func summary(_ result: RegistryAuditResult) -> [String] {
        result.replication.map { "\($0.repository.name) -> \($0.destinationLabel) \($0.status.rawValue)" }
    }

    func testCrossRegionNeedsNoPolicyAndCrossAccountIsAllowed() throws {
        let result = try audit(destinationPolicy: replicationPolicy(actions: ["ecr:CreateRepository", "ecr:ReplicateImage"]))
        XCTAssertEqual(summary(result), ["team-api -> 111111111111/us-west-2 arrives", "team-api -> 222222222222/us-east-1 arrives"])
        XCTAssertTrue(result.replication[0].reason.contains("needs no registry permission policy"))
        XCTAssertFalse(result.findings.contains { $0.code.hasPrefix("REPLICATION") })
    }

    func testCrossAccountWithoutRegistryPolicyFailsSilently() throws {
        let result = try audit(destinationPolicy: nil)
        XCTAssertEqual(summary(result), ["team-api -> 111111111111/us-west-2 arrives", "team-api -> 222222222222/us-east-1 failsSilently"])
        let finding = try XCTUnwrap(result.findings.first { $0.code == "REPLICATION_WILL_FAIL" })
        XCTAssertEqual(finding.file, "ecrguard.yaml")
        XCTAssertEqual(finding.span.start.line, 10)
        XCTAssertEqual(finding.severity, .medium)
        XCTAssertTrue(finding.message.contains("ecr:ReplicateImage"), finding.message)
    }

    func testMissingCreateRepositoryFailsUnlessTheRepositoryExists() throws {
        let policy = replicationPolicy(actions: ["ecr:ReplicateImage"])
        let missing = try audit(destinationPolicy: policy)
        XCTAssertEqual(missing.replication[1].status, .failsSilently)
        XCTAssertTrue(missing.replication[1].reason.contains("ecr:CreateRepository"), missing.replication[1].reason)

        let existing = try audit(destinationPolicy: policy, destinationRepositories: "    repositories: [{name: team-api, scanOnPush: true}]\n")
        XCTAssertEqual(existing.replication[1].status, .arrives)
        XCTAssertTrue(existing.replication[1].reason.contains("already exists"), existing.replication[1].reason)
    }

    func testExplicitDenyAndWrongSourceAccount() throws {
        let deny = try audit(destinationPolicy: replicationPolicy(actions: ["ecr:ReplicateImage", "ecr:CreateRepository"], effect: "Deny"))
        XCTAssertEqual(deny.replication[1].status, .failsSilently)
        XCTAssertTrue(deny.replication[1].reason.contains("explicitly denies"), deny.replication[1].reason)

        let wrongSource = try audit(destinationPolicy: replicationPolicy(actions: ["ecr:ReplicateImage", "ecr:CreateRepository"], source: "333333333333"))
        XCTAssertEqual(wrongSource.replication[1].status, .failsSilently)
    }

    func testPrefixFilters() throws {
        let policy = replicationPolicy(actions: ["ecr:CreateRepository", "ecr:ReplicateImage"])
        // `other-` matches other-api only.
        XCTAssertEqual(summary(try audit(destinationPolicy: policy, filter: "other-")).map { String($0.prefix(9)) }, ["other-api", "other-api"])
        // Prefix matching is case-sensitive and anchored at the start: `api` matches nothing.
        let none = try audit(destinationPolicy: policy, filter: "api")
        XCTAssertEqual(summary(none), [])
        let finding = try XCTUnwrap(none.findings.first { $0.code == "REPLICATION_FILTER_MATCHES_NOTHING" })
        XCTAssertEqual(finding.span.start.line, 12)
        XCTAssertEqual(finding.span.start.column, 24)
    }

    func testUndescribedDestinationIsUnknown() throws {
        let result = try audit(destinationPolicy: replicationPolicy(actions: ["ecr:CreateRepository", "ecr:ReplicateImage"]),
                               extraDestination: "\n            - {region: eu-west-1, registryId: \"444444444444\"}")
        XCTAssertEqual(result.replication.last?.status, .unknown)
        XCTAssertEqual(result.findings.first { $0.code == "REPLICATION_DESTINATION_UNKNOWN" }?.severity, .info)
    }
}
