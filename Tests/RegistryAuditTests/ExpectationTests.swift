import PolicyCore
import RegistryAudit
import XCTest

final class ExpectationTests: XCTestCase {
    private let repositoryPolicy = """
    {"Version": "2012-10-17", "Statement": [
      {"Sid": "OrgPull", "Effect": "Allow", "Principal": "*",
       "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
       "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}
    ]}
    """
    private let pullEverything = """
    {"Version": "2012-10-17", "Statement": [
      {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}
    ]}
    """

    private func audit(_ expectations: String) throws -> RegistryAuditResult {
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            organization: {id: o-a1b2c3d4e5}
            repositories:
              - {name: employee-api, policy: repo.json, scanOnPush: true}
        principals:
          - {name: member, arn: "arn:aws:iam::111122223333:role/deploy", identityPolicies: [pull.json], organization: {id: o-a1b2c3d4e5}}
          - {name: stranger, arn: "arn:aws:iam::444455556666:role/deploy", identityPolicies: [pull.json]}
        expectations:
        \(expectations)
        """
        let files = InMemoryFiles(files: ["repo.json": repositoryPolicy, "pull.json": pullEverything])
        return RegistryAuditor().audit(try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader))
    }

    func testPassingAndFailingExpectationsExplainThemselves() throws {
        let result = try audit("""
          - {principal: member, repository: employee-api, can: [pull], cannot: [push]}
          - {principal: stranger, repository: employee-api, can: [pull]}
        """)
        XCTAssertEqual(result.expectations.map { "\($0.name) \($0.passed)" }, [
            "member can pull 123456789012/us-east-1/employee-api true",
            "member cannot push 123456789012/us-east-1/employee-api true",
            "stranger can pull 123456789012/us-east-1/employee-api false",
        ])
        let pass = result.expectations[0]
        XCTAssertEqual(pass.actual, "allowed")
        XCTAssertTrue(pass.decidingStatements.contains { $0.sid == "OrgPull" })
        XCTAssertEqual(pass.location.line, 12)
        let fail = result.expectations[2]
        XCTAssertEqual(fail.actual, "implicitDeny")
        XCTAssertTrue(fail.explanation.hasPrefix("expected stranger can pull 123456789012/us-east-1/employee-api, but pull is denied: ecr:BatchGetImage is not allowed"), fail.explanation)
        XCTAssertEqual(result.failedExpectations.count, 1)
    }

    func testReplicationExpectationWithoutRuleFails() throws {
        let result = try audit("""
          - {replication: employee-api, to: {region: us-west-2, registryId: "123456789012"}}
        """)
        XCTAssertEqual(result.expectations.first?.passed, false)
        XCTAssertEqual(result.expectations.first?.actual, "notReplicated")
    }
}

final class PullThroughCacheTests: XCTestCase {
    func testWhoCanPullThroughTheCache() throws {
        let importer = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage", "ecr:CreateRepository"], "Resource": "*"}]}"#
        let puller = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]}"#
        let manifest = """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            pullThroughCache:
              - {ecrRepositoryPrefix: ecr-public, upstreamRegistryUrl: public.ecr.aws}
        principals:
          - {name: builder, arn: "arn:aws:iam::123456789012:role/builder", identityPolicies: [importer.json]}
          - {name: reader, arn: "arn:aws:iam::123456789012:role/reader", identityPolicies: [puller.json]}
        """
        let files = InMemoryFiles(files: ["importer.json": importer, "puller.json": puller])
        let result = RegistryAuditor().audit(try RegistryLoader.load(manifestText: manifest, manifestPath: "m.yaml", directory: ".", read: files.reader))
        XCTAssertEqual(result.pullThroughCache.map { "\(result.model.principalNames[$0.principal]) \($0.repositoryPattern) \($0.decision.outcome.rawValue)" }, [
            "builder 123456789012/us-east-1/ecr-public/* allowed",
            "reader 123456789012/us-east-1/ecr-public/* implicitDeny",
        ])
        let reader = CapabilityExplanation(result.pullThroughCache[1].decision)
        XCTAssertEqual(Set(reader.failingActions.map(\.step.action)), ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"])
    }
}
