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

    /// Runs `plan`/`apply` against moto; `apply` gets `--auto-approve` (stdin is not a terminal) unless `approve` is false.
    private func run(_ command: String, _ directory: String, _ extra: [String] = [], approve: Bool = true, server: MotoServer) throws -> CommandResult {
        let approval = command == "apply" && approve ? ["--auto-approve"] : []
        return try runCommand(ecrguardPath(), [command, directory, "--endpoint-url", server.endpoint] + approval + extra,
                              environment: server.environment(["AWS_MAX_ATTEMPTS": "1"]))
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
        XCTAssertThrowsError(try server.service().describeRepositories(.init(repositoryNames: ["svc"])), "no repository was created")
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
        XCTAssertEqual(try server.service().describeRepositories(.init(repositoryNames: ["svc"])).repositories?.count, 1)
    }

    // MARK: Regions

    /// Two registries of one account in two Regions. moto keeps Regions apart by the Region a request
    /// is signed for, so what the AWS CLI finds in each Region proves where ecrguard wrote.
    private func twoRegionManifest() throws -> String {
        try dir.write("ecrguard.yaml", """
        version: 1
        registries:
          - name: east
            account: "123456789012"
            region: us-east-1
            repositories:
              - name: east-svc
                scanOnPush: true
                policy: east.json
          - name: west
            account: "123456789012"
            region: us-west-2
            repositories:
              - name: west-svc
                scanOnPush: true
                policy: west.json
        """)
        try dir.write("west.json", goodPolicy)
        try dir.write("east.json", goodPolicy)
        return dir.url.path
    }

    private func repositoryNames(_ server: MotoServer, region: String) throws -> [String] {
        let answer = try server.aws(["ecr", "describe-repositories", "--region", region])
        return try JSONValue.parse(answer.stdout)["repositories"]?.arrayValue?.compactMap { $0["repositoryName"]?.stringValue }.sorted() ?? []
    }

    func testRegionSelectsRegistriesAndEachIsWrittenOnlyInItsOwnRegion() throws {
        let server = try moto(needsAWSCLI: true)
        let path = try twoRegionManifest()
        let drifted = #"{"Version":"2012-10-17","Statement":[{"Sid":"Drift","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"ecr:BatchGetImage"}]}"#
        // us-west-2 holds west-svc (managed there) and a namesake of the us-east-1 registry's east-svc.
        for name in ["west-svc", "east-svc"] {
            XCTAssertEqual(try server.aws(["ecr", "create-repository", "--region", "us-west-2", "--repository-name", name]).status, 0)
            XCTAssertEqual(try server.aws(["ecr", "set-repository-policy", "--region", "us-west-2", "--repository-name", name, "--policy-text", drifted]).status, 0)
        }
        func livePolicy(_ name: String, region: String) throws -> JSONValue {
            let answer = try server.aws(["ecr", "get-repository-policy", "--region", region, "--repository-name", name])
            return try JSONValue.parse(try XCTUnwrap(JSONValue.parse(answer.stdout)["policyText"]?.stringValue, answer.stderr))
        }

        let backups = dir.url.appendingPathComponent("west-backups").path
        let west = try run("apply", path, ["--region", "us-west-2", "--backup-dir", backups], server: server)
        XCTAssertEqual(west.status, 0, west.stderr)
        XCTAssertTrue(west.stdout.contains("registry west (123456789012, us-west-2):"), west.stdout)
        XCTAssertFalse(west.stdout.contains("registry east"), "--region us-west-2 leaves the us-east-1 registry alone: \(west.stdout)")
        XCTAssertEqual(try livePolicy("west-svc", region: "us-west-2"), try JSONValue.parse(goodPolicy))
        XCTAssertEqual(try livePolicy("east-svc", region: "us-west-2"), try JSONValue.parse(drifted), "the us-east-1 registry's policy was not written in us-west-2")
        XCTAssertEqual(try repositoryNames(server, region: "us-east-1"), [])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: backups), ["123456789012-us-west-2-repository-west-svc.json"],
                       "one backup, labelled with the Region the live policy was read in")
        XCTAssertEqual(try String(contentsOfFile: backups + "/123456789012-us-west-2-repository-west-svc.json", encoding: .utf8), drifted)

        // Without --region every registry is handled, each in its own Region (AWS_REGION does not move it).
        let all = try runCommand(ecrguardPath(), ["apply", path, "--auto-approve", "--endpoint-url", server.endpoint, "--backup-dir", backups],
                                 environment: server.environment(["AWS_MAX_ATTEMPTS": "1", "AWS_REGION": "us-west-2"]))
        XCTAssertEqual(all.status, 0, all.stderr)
        XCTAssertEqual(try repositoryNames(server, region: "us-east-1"), ["east-svc"])
        XCTAssertEqual(try livePolicy("east-svc", region: "us-east-1"), try JSONValue.parse(goodPolicy))
        XCTAssertEqual(try livePolicy("east-svc", region: "us-west-2"), try JSONValue.parse(drifted))
        let again = try run("plan", path, server: server)
        XCTAssertTrue(again.stdout.contains("registry west (123456789012, us-west-2):\n  no changes\n  unmanaged: repository east-svc is not in the manifest"), again.stdout)
        XCTAssertTrue(again.stdout.hasSuffix("No changes.\n"), again.stdout)
    }

    func testRegionWithoutARegistryIsRefused() throws {
        let server = try moto(needsAWSCLI: true)
        let path = try twoRegionManifest()
        for command in ["plan", "apply"] {
            let result = try run(command, path, ["--region", "eu-west-1"], server: server)
            XCTAssertEqual(result.status, 64, "\(command): \(result.stdout)\(result.stderr)")
            XCTAssertTrue(result.stderr.contains("--region eu-west-1: no registry of"), result.stderr)
            XCTAssertTrue(result.stderr.contains("east (us-east-1), west (us-west-2)"), result.stderr)
        }
        XCTAssertEqual(try repositoryNames(server, region: "eu-west-1"), [])
    }

    // MARK: Plan: the gate, unmanaged state, exit codes, JSON

    func testPlanRunsApplysGate() throws {
        let server = try moto()
        let path = try manifest(repositoryPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}"#)
        let plan = try run("plan", path, server: server)
        XCTAssertEqual(plan.status, 1, "a plan apply would refuse fails: \(plan.stderr)")
        XCTAssertTrue(plan.stderr.contains("svc.json:1:"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("PUBLIC_ACCESS [blocking]"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("plan refused by the gate: 1 blocking finding(s) at or above high"), plan.stderr)
        let lenient = try run("plan", path, ["--fail-on", "critical"], server: server)
        let apply = try run("apply", path, ["--fail-on", "critical", "--backup-dir", dir.url.appendingPathComponent("b").path], server: server)
        XCTAssertEqual(lenient.status == 0, apply.status == 0, "plan and apply give one verdict: \(lenient.stderr) / \(apply.stderr)")
        let detailed = try run("plan", path, ["--detailed-exitcode"], server: server)
        XCTAssertEqual(detailed.status, 1, detailed.stderr)
    }

    /// A live repository outside the manifest with a public policy, and replication to an account the
    /// manifest does not know: reported, the policy checked (its finding blocks), nothing changed.
    func testPlanReportsUnmanagedLiveStateWithFindings() throws {
        let server = try moto(needsAWSCLI: true)
        let path = try twoRegionManifest()
        let open = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}"#
        XCTAssertEqual(try server.aws(["ecr", "create-repository", "--repository-name", "legacy"]).status, 0)
        XCTAssertEqual(try server.aws(["ecr", "set-repository-policy", "--repository-name", "legacy", "--policy-text", open]).status, 0)
        XCTAssertEqual(try server.aws(["ecr", "create-repository", "--repository-name", "quiet"]).status, 0)
        let replication = #"{"rules":[{"destinations":[{"region":"us-west-2","registryId":"210987654321"}],"repositoryFilters":[{"filter":"prod-","filterType":"PREFIX_MATCH"}]}]}"#
        XCTAssertEqual(try server.aws(["ecr", "put-replication-configuration", "--replication-configuration", replication]).status, 0)

        let plan = try run("plan", path, ["--region", "us-east-1"], server: server)
        XCTAssertEqual(plan.status, 1, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("  unmanaged: repository legacy is not in the manifest and has a live policy (left unchanged); 1 finding(s), 1 blocking"), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("  unmanaged: replication to account 210987654321 in us-west-2 (prefixes prod-); account 210987654321 is not in the manifest (left unchanged)"), plan.stdout)
        XCTAssertFalse(plan.stdout.contains("quiet"), "a repository without a policy is not reported: \(plan.stdout)")
        XCTAssertTrue(plan.stderr.contains("live:123456789012:us-east-1:repository/legacy:1:"), plan.stderr)
        XCTAssertTrue(plan.stderr.contains("PUBLIC_ACCESS [blocking]"), plan.stderr)

        let json = try run("plan", path, ["--region", "us-east-1", "--output", "json"], server: server)
        XCTAssertEqual(json.status, 1, json.stderr)
        let document = try JSONValue.parse(json.stdout)
        XCTAssertEqual(document["verdict"], .string("refused"))
        let unmanaged = try XCTUnwrap(document["registries"]?.arrayValue?.first?["unmanaged"]?.arrayValue)
        XCTAssertEqual(unmanaged.map { $0["kind"]?.stringValue }, ["repositoryPolicy", "replicationDestination"])
        XCTAssertEqual(unmanaged[0]["target"], .string("repository/legacy"))
        XCTAssertEqual(unmanaged[0]["policy"], try JSONValue.parse(open))
        XCTAssertEqual(unmanaged[0]["findings"]?.arrayValue?.first?["code"], .string("PUBLIC_ACCESS"))
        XCTAssertEqual(unmanaged[0]["findings"]?.arrayValue?.first?["blocking"], .bool(true))
        XCTAssertEqual(unmanaged[1]["account"], .string("210987654321"))
        XCTAssertEqual(unmanaged[1]["accountInManifest"], .bool(false))
        XCTAssertEqual(unmanaged[1]["prefixes"], .array([.string("prod-")]))

        let apply = try run("apply", path, ["--region", "us-east-1", "--backup-dir", dir.url.appendingPathComponent("b").path], server: server)
        XCTAssertEqual(apply.status, 1, "apply runs the same gate: \(apply.stderr)")
        XCTAssertTrue(apply.stderr.contains("nothing was changed"), apply.stderr)
        XCTAssertEqual(try repositoryNames(server, region: "us-east-1"), ["legacy", "quiet"])
    }

    func testDetailedExitcodeSaysWhetherThereAreChanges() throws {
        let server = try moto()
        let path = try manifest(repositoryPolicy: goodPolicy)
        let changes = try run("plan", path, ["--detailed-exitcode"], server: server)
        XCTAssertEqual(changes.status, 2, changes.stderr)
        XCTAssertTrue(changes.stdout.contains("Plan: 3 change(s)."), changes.stdout)
        XCTAssertEqual(try run("plan", path, server: server).status, 0, "without the flag a plan with changes succeeds")
        XCTAssertEqual(try run("apply", path, ["--backup-dir", dir.url.appendingPathComponent("b").path], server: server).status, 0)
        let none = try run("plan", path, ["--detailed-exitcode"], server: server)
        XCTAssertEqual(none.status, 0, none.stderr)
        let unreachable = try runCommand(ecrguardPath(), ["plan", path, "--detailed-exitcode", "--endpoint-url", "http://127.0.0.1:1"],
                                         environment: server.environment(["AWS_MAX_ATTEMPTS": "1"]))
        XCTAssertEqual(unreachable.status, 1, "an error is 1 with --detailed-exitcode: \(unreachable.stderr)")
        let plain = try runCommand(ecrguardPath(), ["plan", path, "--endpoint-url", "http://127.0.0.1:1"], environment: server.environment(["AWS_MAX_ATTEMPTS": "1"]))
        XCTAssertEqual(plain.status, 2, plain.stderr)
    }

    func testJSONPlanListsEveryChangeWithBeforeAndAfter() throws {
        let server = try moto()
        let path = try manifest(repositoryPolicy: goodPolicy)
        let result = try run("plan", path, ["--output", "json"], server: server)
        XCTAssertEqual(result.status, 0, result.stderr)
        let plan = try JSONValue.parse(result.stdout)
        XCTAssertEqual(plan["formatVersion"], .int(1))
        XCTAssertEqual(plan["verdict"], .string("changes"))
        XCTAssertEqual(plan["changeCount"], .int(3))
        let registry = try XCTUnwrap(plan["registries"]?.arrayValue?.first)
        XCTAssertEqual(registry["name"], .string("main"))
        XCTAssertEqual(registry["region"], .string("us-east-1"))
        let changes = try XCTUnwrap(registry["changes"]?.arrayValue)
        XCTAssertEqual(changes.map { $0["kind"]?.stringValue }, ["createRepository", "setRepositoryPolicy", "putReplicationConfiguration"])
        XCTAssertEqual(changes[0]["after"]?["scanOnPush"], .bool(true))
        XCTAssertEqual(changes[1]["target"], .string("repository/svc"))
        XCTAssertEqual(changes[1]["before"], .null)
        XCTAssertEqual(changes[1]["after"], try JSONValue.parse(goodPolicy))
        XCTAssertEqual(changes[2]["after"]?["rules"]?.arrayValue?.first?["destinations"]?.arrayValue?.first?["region"], .string("us-west-2"))
        XCTAssertEqual(registry["unmanaged"], .array([]))
    }

    // MARK: Confirmation

    func testApplyWithoutATerminalRefusesUnlessAutoApproved() throws {
        let server = try moto(needsAWSCLI: true)
        let path = try manifest(repositoryPolicy: goodPolicy)
        let refused = try run("apply", path, ["--backup-dir", dir.url.appendingPathComponent("b").path], approve: false, server: server)
        XCTAssertEqual(refused.status, 64, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("stdin is not a terminal"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--auto-approve"), refused.stderr)
        XCTAssertEqual(try repositoryNames(server, region: "us-east-1"), [], "nothing was created")
    }

    /// At a terminal (a pty from `script`), only "yes" applies.
    func testApplyAtATerminalAppliesOnlyAfterYes() throws {
        let server = try moto(needsAWSCLI: true)
        let script = try requireBinary("script")
        let path = try manifest(repositoryPolicy: goodPolicy)
        func apply(answer: String) throws -> CommandResult {
            let command = [ecrguardPath(), "apply", path, "--endpoint-url", server.endpoint, "--backup-dir", dir.url.appendingPathComponent("b").path]
                .map { "'\($0)'" }.joined(separator: " ")
            return try runCommand(script, ["-qec", command, "/dev/null"], environment: server.environment(["AWS_MAX_ATTEMPTS": "1"]), stdin: Data("\(answer)\n".utf8))
        }
        let declined = try apply(answer: "y")
        XCTAssertEqual(declined.status, 1, declined.stdout)
        XCTAssertTrue(declined.stdout.contains("Apply these changes? Only 'yes' will be accepted"), declined.stdout)
        XCTAssertTrue(declined.stdout.contains("apply cancelled; nothing was changed"), declined.stdout)
        XCTAssertEqual(try repositoryNames(server, region: "us-east-1"), [])
        let accepted = try apply(answer: "yes")
        XCTAssertEqual(accepted.status, 0, accepted.stdout)
        XCTAssertTrue(accepted.stdout.contains("Apply complete: 3 change(s)."), accepted.stdout)
        XCTAssertEqual(try repositoryNames(server, region: "us-east-1"), ["svc"])
    }
}
