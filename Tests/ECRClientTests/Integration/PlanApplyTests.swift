@testable import ECRClient
import Foundation
import XCTest

/// `ecrguard plan` / `ecrguard apply` against moto, checked with the AWS CLI where it matters.
final class PlanApplyTests: MotoTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory()
        if let server = Self.servers[ObjectIdentifier(Self.self)] {
            // Each test starts from an empty registry.
            _ = try server.service().executor.transport.send(HTTPRequest(method: "POST", endpoint: URL(string: server.endpoint + "/moto-api/reset")!))
        }
    }

    override func tearDown() { dir?.remove() }

    private func run(_ command: String, _ directory: String, _ extra: [String] = [], server: MotoServer) throws -> CommandResult {
        try runCommand(ecrguardPath(), [command, directory, "--endpoint-url", server.endpoint] + extra, environment: server.environment(["AWS_MAX_ATTEMPTS": "1"]))
    }

    private func manifest(registryPolicy: String? = nil, repositoryPolicy: String) throws -> String {
        let registryBlock = registryPolicy == nil ? "" : "    registryPolicy:\n      file: registry.json\n      scope: V2\n"
        try dir.write("ecrguard.yaml", """
        version: 1
        registries:
          - name: main
            account: "123456789012"
            region: us-east-1
        \(registryBlock)    replication:
              rules:
                - destinations:
                    - region: us-west-2
                      registryId: "123456789012"
            repositories:
              - name: svc
                scanOnPush: true
                policy: svc.json
        """)
        try dir.write("svc.json", repositoryPolicy)
        if let registryPolicy { try dir.write("registry.json", registryPolicy) }
        return dir.url.path
    }

    private let goodPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}"#

    func testBundledPoliciesPlanApplyThenNoChanges() throws {
        let server = try moto(needsAWSCLI: true)
        let policies = repositoryRoot.appendingPathComponent("policies").path
        let plan = try run("plan", policies, server: server)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("+ create repository employee-api"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("+     \"Version\": \"2012-10-17\""), "policy diff lines: \(plan.stdout)")
        XCTAssertTrue(plan.stdout.contains("disaster-recovery (account 210987654321) skipped"), plan.stdout)
        XCTAssertEqual(try JSONValue.parse(try server.aws(["ecr", "describe-repositories"]).stdout)["repositories"]?.arrayValue?.count, 0, "plan changes nothing")

        let apply = try run("apply", policies, ["--backup-dir", dir.url.appendingPathComponent("backups").path], server: server)
        XCTAssertEqual(apply.status, 0, apply.stderr)
        XCTAssertTrue(apply.stdout.contains("Apply complete: "), apply.stdout)
        let repository = try JSONValue.parse(try server.aws(["ecr", "describe-repositories", "--repository-names", "employee-api"]).stdout)["repositories"]?.arrayValue?.first
        XCTAssertEqual(repository?["imageScanningConfiguration"]?["scanOnPush"], .bool(true))
        XCTAssertEqual(repository?["imageTagMutability"], .string("IMMUTABLE"))
        let live = try JSONValue.parse(try server.aws(["ecr", "get-repository-policy", "--repository-name", "employee-api"]).stdout)["policyText"]?.stringValue
        let file = try String(contentsOfFile: policies + "/repositories/employee-api.json", encoding: .utf8)
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(live)), try JSONValue.parse(file))

        let again = try run("plan", policies, server: server)
        XCTAssertTrue(again.stdout.hasSuffix("No changes.\n"), again.stdout)
    }

    func testDriftIsDiffedAndThePreviousPolicyBackedUp() throws {
        let server = try moto(needsAWSCLI: true)
        let path = try manifest(repositoryPolicy: goodPolicy)
        XCTAssertEqual(try run("apply", path, ["--backup-dir", dir.url.appendingPathComponent("b1").path], server: server).status, 0)
        let drifted = #"{"Version":"2012-10-17","Statement":[{"Sid":"Drift","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:*"}]}"#
        XCTAssertEqual(try server.aws(["ecr", "set-repository-policy", "--repository-name", "svc", "--policy-text", drifted]).status, 0)
        let plan = try run("plan", path, server: server)
        XCTAssertTrue(plan.stdout.contains("~ repository policy of svc"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("-                 \"Sid\": \"Drift\"") || plan.stdout.contains("-             \"Sid\": \"Drift\""), plan.stdout)
        let backups = dir.url.appendingPathComponent("b2").path
        let apply = try run("apply", path, ["--backup-dir", backups], server: server)
        XCTAssertEqual(apply.status, 0, apply.stderr)
        XCTAssertEqual(try String(contentsOfFile: backups + "/123456789012-us-east-1-repository-svc.json", encoding: .utf8), drifted)
        let live = try JSONValue.parse(try server.aws(["ecr", "get-repository-policy", "--repository-name", "svc"]).stdout)["policyText"]?.stringValue
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(live)), try JSONValue.parse(goodPolicy))
    }

    func testInvalidPolicyRefusesTheWholeApply() throws {
        let server = try moto()
        let path = try manifest(repositoryPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}"#)
        let apply = try run("apply", path, ["--backup-dir", dir.url.appendingPathComponent("b").path], server: server)
        XCTAssertEqual(apply.status, 1, apply.stderr)
        XCTAssertTrue(apply.stderr.contains("PUBLIC_ACCESS"), apply.stderr)
        XCTAssertTrue(apply.stderr.contains("nothing was changed"), apply.stderr)
        XCTAssertThrowsError(try server.service().perform(DescribeRepositories(repositoryNames: ["svc"])), "no repository was created")
    }

    func testFailureMidwayReportsExactlyWhatChanged() throws {
        let server = try moto()
        // moto accepts only ecr:CreateRepository and ecr:ReplicateImage in registry policies: the third change fails.
        let registry = #"{"Version":"2012-10-17","Statement":[{"Sid":"Cache","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":["ecr:CreateRepository","ecr:BatchImportUpstreamImage"],"Resource":"arn:aws:ecr:us-east-1:123456789012:repository/*"}]}"#
        let path = try manifest(registryPolicy: registry, repositoryPolicy: goodPolicy)
        let apply = try run("apply", path, ["--backup-dir", dir.url.appendingPathComponent("b").path], server: server)
        XCTAssertEqual(apply.status, 2, apply.stderr)
        XCTAssertTrue(apply.stderr.contains("apply stopped: main: + registry policy"), apply.stderr)
        XCTAssertTrue(apply.stderr.contains("InvalidParameterException"), apply.stderr)
        XCTAssertTrue(apply.stderr.contains("changed before the failure (2):\n  main: + create repository svc"), apply.stderr)
        XCTAssertTrue(apply.stderr.contains("not attempted (1):\n  main: + replication configuration"), apply.stderr)
        XCTAssertEqual(try server.service().perform(DescribeRepositories(repositoryNames: ["svc"])).items.count, 1)
    }
}
