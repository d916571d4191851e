import ECRClient
@testable import ECRGuardCLI
import Foundation
import PolicyCore
import RegistryAudit
import XCTest

/// The decisions of `plan`/`apply` without AWS: which registries a run covers, the pure planner over a
/// live registry value, the gate over unmanaged live policies, exit statuses and approval.
final class DeployPlanningTests: XCTestCase {
    private let manifestText = """
    version: 1
    registries:
      - name: east
        account: "123456789012"
        region: us-east-1
        repositories:
          - name: app
            scanOnPush: true
            policy: app.json
      - name: west
        account: "123456789012"
        region: us-west-2
      - name: partner
        account: "210987654321"
        region: us-west-2
    """
    private let appPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/ci"},"Action":"ecr:BatchGetImage"}]}"#
    private let openPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ecr:*"}]}"#

    private func input() throws -> RegistryInput {
        try RegistryLoader.load(manifestText: manifestText, manifestPath: "p/ecrguard.yaml", directory: "p",
                                read: { [appPolicy] _ in appPolicy })
    }

    private func desired(_ name: String) throws -> DesiredRegistry {
        let input = try input()
        return DesiredRegistry(try XCTUnwrap(input.manifest.registries.first { $0.name == name }), input: input)
    }

    private func live(_ repositories: [LiveRegistry.Repository], replication: ECR.ReplicationConfiguration? = nil, registryPolicy: String? = nil) -> LiveRegistry {
        LiveRegistry(account: "123456789012", region: "us-east-1", repositories: repositories, registryPolicy: registryPolicy, replication: replication)
    }

    func testRegionSelectsOnlyTheRegistriesInIt() throws {
        let registries = try input().manifest.registries
        XCTAssertEqual(try RegistrySelection.select(registries, name: nil, region: nil, manifestPath: "m").map(\.name), ["east", "west", "partner"])
        XCTAssertEqual(try RegistrySelection.select(registries, name: nil, region: "us-west-2", manifestPath: "m").map(\.name), ["west", "partner"])
        XCTAssertEqual(try RegistrySelection.select(registries, name: "west", region: "us-west-2", manifestPath: "m").map(\.name), ["west"])
        XCTAssertThrowsError(try RegistrySelection.select(registries, name: nil, region: "eu-west-1", manifestPath: "m")) { error in
            XCTAssertEqual((error as? CLIFailure)?.exitCode, 64)
            XCTAssertTrue("\(error)".contains("no registry of m is in eu-west-1"), "\(error)")
        }
        XCTAssertThrowsError(try RegistrySelection.select(registries, name: "east", region: "us-west-2", manifestPath: "m"),
                             "a registry outside the Region is not silently planned elsewhere")
    }

    func testPlannerComparesTheLiveValueAndReportsUnmanagedState() throws {
        let replication = ECR.ReplicationConfiguration(rules: [
            ECR.ReplicationRule(destinations: [ECR.ReplicationDestination(region: "us-west-2", registryId: "123456789012"),
                                           ECR.ReplicationDestination(region: "eu-west-1", registryId: "210987654321"),
                                           ECR.ReplicationDestination(region: "eu-west-1", registryId: "999999999999")],
                            repositoryFilters: [ECR.RepositoryFilter(filter: "prod-", filterType: .prefixMatch)]),
        ])
        let state = live([
            .init(name: "app", scanOnPush: false, tagMutability: "MUTABLE", encryptionType: "AES256", policy: appPolicy),
            .init(name: "legacy", scanOnPush: false, tagMutability: "MUTABLE", encryptionType: "AES256", policy: openPolicy),
            .init(name: "plain", scanOnPush: false, tagMutability: "MUTABLE", encryptionType: "AES256", policy: nil),
        ], replication: replication, registryPolicy: openPolicy)
        let plan = RegistryPlanner.plan(desired: try desired("east"), live: state)
        XCTAssertEqual(plan.changes.map(\.summary), ["~ repository app: scanOnPush false -> true"], "the policy is equal by meaning: no change")
        XCTAssertEqual(plan.unmanaged.map(\.summary), [
            "repository legacy is not in the manifest and has a live policy (left unchanged)",
            "the registry has a live registry policy the manifest does not name (left unchanged)",
            "replication to account 210987654321 in eu-west-1 (prefixes prod-) (left unchanged)",
            "replication to account 999999999999 in eu-west-1 (prefixes prod-); account 999999999999 is not in the manifest (left unchanged)",
        ])
    }

    func testMissingRepositoryIsCreatedWithItsPolicy() throws {
        let plan = RegistryPlanner.plan(desired: try desired("east"), live: live([]))
        XCTAssertEqual(plan.changes.map(\.kind), ["createRepository", "setRepositoryPolicy"])
        XCTAssertEqual(plan.changes.map(\.target), ["repository/app", "repository/app"])
        XCTAssertTrue(plan.unmanaged.isEmpty)
    }

    func testGateChecksUnmanagedLivePoliciesAndBlocksOnThem() throws {
        let desired = try desired("east")
        let state = live([.init(name: "app", scanOnPush: true, tagMutability: "MUTABLE", encryptionType: "AES256", policy: appPolicy),
                          .init(name: "legacy", scanOnPush: false, tagMutability: nil, encryptionType: nil, policy: openPolicy)])
        let plan = RegistryPlanner.plan(desired: desired, live: state)
        let service = ECR(executor: AWSRequestExecutor(transport: NoTransport(), credentials: nil), endpoint: URL(string: "http://127.0.0.1:9")!, region: "us-east-1")
        let target = DeploymentSession.Target(desired: desired, service: service, live: state, plan: plan, organizationID: nil)
        let report = DeploymentGate(failOn: .high).evaluate([target])
        let blocking = report.findings.filter(\.blocking)
        XCTAssertEqual(blocking.map(\.finding.file), ["live:123456789012:us-east-1:repository/legacy"])
        XCTAssertEqual(blocking.first?.finding.code, "PUBLIC_ACCESS")
        XCTAssertTrue(report.refused)
        XCTAssertEqual(PlanExitStatus(.refused, detailed: false, refusal: "x")?.failure.exitCode, 1)
    }

    func testExitStatuses() {
        XCTAssertNil(PlanExitStatus(.changes, detailed: false, refusal: ""))
        XCTAssertNil(PlanExitStatus(.noChanges, detailed: true, refusal: ""))
        XCTAssertEqual(PlanExitStatus(.changes, detailed: true, refusal: "")?.failure.exitCode, 2)
        XCTAssertEqual(PlanExitStatus(.refused, detailed: true, refusal: "")?.failure.exitCode, 1)
    }

    func testApprovalFailsClosedWithoutATerminal() {
        XCTAssertEqual(ApplyApproval.decide(autoApprove: true, stdinIsTerminal: false), .approved)
        XCTAssertEqual(ApplyApproval.decide(autoApprove: false, stdinIsTerminal: true), .ask)
        XCTAssertEqual(ApplyApproval.decide(autoApprove: false, stdinIsTerminal: false), .refuse)
        XCTAssertTrue(ApplyApproval.accepts("yes"))
        XCTAssertTrue(ApplyApproval.accepts(" yes "))
        for answer in ["y", "YES", "yes please", "", nil] as [String?] { XCTAssertFalse(ApplyApproval.accepts(answer), "\(answer ?? "EOF")") }
    }
}

/// A transport the gate test never uses (the gate does no I/O).
private final class NoTransport: HTTPTransport {
    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        throw TransportError(kind: .other, message: "no I/O expected", url: "")
    }
}
