@testable import ECRClient
import Foundation
import TestSupport
import XCTest

/// Before a push or pull, and when the registry refuses one, ecrguard explains from the policies it was
/// given which statement denies or which Allow is missing for each action of the capability, with the fix.
final class PreflightTests: XCTestCase {
    let ecrHost = "123456789012.dkr.ecr.us-east-1.amazonaws.com"
    let repositoryARN = "arn:aws:ecr:us-east-1:123456789012:repository/app"

    func policies(_ directory: TemporaryDirectory) throws -> (identity: String, repository: String) {
        let identity = try directory.write("ci.json", """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}
        """)
        let repository = try directory.write("repo.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "TeamPull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]},
          {"Sid": "NoPushFromCI", "Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ci"}, "Action": "ecr:PutImage"}
        ]}
        """)
        return (identity, repository)
    }

    func testPreflightNamesTheDenyingStatementAndStopsBeforeAnyTransfer() throws {
        let work = try TemporaryDirectory(); defer { work.remove() }
        let (identity, repository) = try policies(work)
        let layout = work.url.appendingPathComponent("layout")
        try makeImage(["oci", layout.path, "--layers", "1"])
        let result = try runCommand(ecrguardPath(), ["push", layout.path, "\(ecrHost)/app:v1", "--auth", "anonymous",
                                                     "--preflight-as", "arn:aws:iam::123456789012:role/ci",
                                                     "--identity-policy", identity, "--repository-policy", repository],
                                    environment: childEnvironment([:]))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("preflight: push by arn:aws:iam::123456789012:role/ci on \(repositoryARN): DENIED (explicit Deny)"), result.stderr)
        XCTAssertTrue(result.stderr.contains("ecr:PutImage on \(repositoryARN): denied by Deny resource \(repository):3:3 Statement[1] Sid \"NoPushFromCI\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("fix: remove ecr:PutImage from, or narrow the condition of, the Deny at \(repository):3:3 Statement[1]"), result.stderr)
        XCTAssertFalse(result.stderr.contains("InitiateLayerUpload on"), "allowed actions are not listed")
        XCTAssertFalse(result.stderr.contains("connection"), "nothing was sent")
    }

    func testPreflightNamesTheMissingAllowForAnotherAccount() throws {
        let work = try TemporaryDirectory(); defer { work.remove() }
        let (identity, repository) = try policies(work)
        let result = try runCommand(ecrguardPath(), ["pull", "\(ecrHost)/app:v1", work.url.appendingPathComponent("out").path, "--auth", "anonymous",
                                                     "--preflight-as", "arn:aws:iam::210987654321:role/deploy",
                                                     "--identity-policy", identity, "--repository-policy", repository],
                                    environment: childEnvironment([:]))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("ecr:BatchGetImage on \(repositoryARN): no Allow in: resource"), result.stderr)
        XCTAssertTrue(result.stderr.contains("fix: allow ecr:BatchGetImage for arn:aws:iam::210987654321:role/deploy in the repository policy of \(repositoryARN) (another account's caller needs it there as well"), result.stderr)
        XCTAssertTrue(result.stderr.contains("ecr:GetDownloadUrlForLayer on \(repositoryARN): no Allow in: resource"), result.stderr)
    }

    func testPoliciesManifestGivesTheRepositoryAndTheCallersPolicies() throws {
        let policies = TestRequirements.repositoryRoot.appendingPathComponent("policies").path
        let repository = "\(ecrHost)/employee-api"
        let denied = try runCommand(ecrguardPath(), ["preflight", "push", repository, "--preflight-as", "arn:aws:iam::123456789012:role/developer",
                                                     "--policies", policies], environment: childEnvironment([:]))
        XCTAssertEqual(denied.status, 1, denied.stderr)
        XCTAssertTrue(denied.stdout.contains("ecr:PutImage on arn:aws:ecr:us-east-1:123456789012:repository/employee-api: denied by Deny resource \(policies)/repositories/employee-api.json:19:5 Statement[1] Sid \"DenyPushExceptCI\""), denied.stdout)
        XCTAssertFalse(denied.stdout.contains("assuming"), "the developer role is a manifest principal: its own policies are used")
        let allowed = try runCommand(ecrguardPath(), ["preflight", "push", repository, "--preflight-as", "arn:aws:iam::123456789012:role/ci",
                                                      "--policies", policies], environment: childEnvironment([:]))
        XCTAssertEqual(allowed.status, 0, allowed.stdout + allowed.stderr)
        let stranger = try runCommand(ecrguardPath(), ["preflight", "pull", repository, "--preflight-as", "arn:aws:iam::999999999999:role/x",
                                                       "--policies", policies], environment: childEnvironment([:]))
        XCTAssertEqual(stranger.status, 1)
        XCTAssertTrue(stranger.stdout.contains("assuming the identity policies of arn:aws:iam::999999999999:role/x allow ecr:* (not a principal of the manifest)"), stranger.stdout)
        XCTAssertTrue(stranger.stdout.contains("ecr:BatchGetImage on arn:aws:ecr:us-east-1:123456789012:repository/employee-api: no Allow in: resource"), stranger.stdout)
    }

    func testCopyChecksPullOnTheSourceAndPushOnTheDestination() throws {
        let work = try TemporaryDirectory(); defer { work.remove() }
        let (identity, repository) = try policies(work)
        // The CI role may pull from the source (its account is named) but the repository policy denies it PutImage.
        let result = try runCommand(ecrguardPath(), ["copy", "\(ecrHost)/app:v1", "\(ecrHost)/app:v2", "--auth", "anonymous",
                                                     "--preflight-as", "arn:aws:iam::123456789012:role/ci",
                                                     "--identity-policy", identity, "--repository-policy", repository],
                                    environment: childEnvironment([:]))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("preflight: push by arn:aws:iam::123456789012:role/ci"), result.stderr)
        XCTAssertFalse(result.stderr.contains("preflight: pull"), result.stderr)
    }

    func testReplicationThatWouldNotArriveIsExplainedFromTheDestinationRegistryPolicy() throws {
        let work = try TemporaryDirectory(); defer { work.remove() }
        let registryPolicy = try work.write("destination-registry.json", """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "FromProd", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
           "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"], "Resource": "arn:aws:ecr:eu-west-1:210987654321:repository/*"}
        ]}
        """)
        let destination = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/app"
        let denied = try runCommand(ecrguardPath(), ["preflight", "replicate", destination, "--preflight-as", "arn:aws:iam::123456789012:root",
                                                     "--registry-policy", registryPolicy], environment: childEnvironment([:]))
        XCTAssertEqual(denied.status, 1, denied.stderr)
        XCTAssertTrue(denied.stdout.contains("ecr:ReplicateImage on arn:aws:ecr:eu-west-1:210987654321:repository/app: no Allow in: resource"), denied.stdout)
        XCTAssertTrue(denied.stdout.contains("fix: allow ecr:ReplicateImage for arn:aws:iam::123456789012:root on arn:aws:ecr:eu-west-1:210987654321:repository/* in the destination registry's permission policy; without it ECR drops the replication silently"), denied.stdout)
        XCTAssertTrue(denied.stdout.contains("fix: allow ecr:CreateRepository for arn:aws:iam::123456789012:root"), denied.stdout)
        XCTAssertFalse(denied.stdout.contains("assuming"), "an account root has no identity policies to assume")
        let allowed = try runCommand(ecrguardPath(), ["preflight", "replicate", destination, "--preflight-as", "arn:aws:iam::111122223333:root",
                                                      "--registry-policy", registryPolicy], environment: childEnvironment([:]))
        XCTAssertEqual(allowed.status, 0, allowed.stdout + allowed.stderr)
        XCTAssertEqual(allowed.stdout, "preflight: replicate by arn:aws:iam::111122223333:root on arn:aws:ecr:eu-west-1:210987654321:repository/app: ALLOWED\n")
    }

    func testARegistryRefusalIsExplainedFromThePolicies() throws {
        let registry = try DockerRegistryServer(auth: .htpasswd(password: "right-token"))
        defer { registry.stop() }
        let work = try TemporaryDirectory(); defer { work.remove() }
        let (identity, repository) = try policies(work)
        let layout = work.url.appendingPathComponent("layout")
        try makeImage(["oci", layout.path, "--layers", "1"])
        func push(_ principal: String, password: String) throws -> CommandResult {
            try runCommand(ecrguardPath(), ["push", layout.path, "\(registry.address)/app:v1", "--plain-http", "--username", "AWS", "--password-stdin",
                                            "--preflight-as", principal, "--identity-policy", identity, "--repository-policy", repository,
                                            "--repository-arn", repositoryARN],
                           environment: childEnvironment([:]), stdin: Data(password.utf8))
        }
        // The policies allow this caller; the registry refuses the credentials: said so, with no statement blamed.
        let refused = try push("arn:aws:iam::123456789012:role/builder", password: "wrong-token")
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("HTTP 401"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("the policies given allow push: the refusal comes from something they do not show"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("wrong-token"))
        let allowed = try push("arn:aws:iam::123456789012:role/builder", password: "right-token")
        XCTAssertEqual(allowed.status, 0, allowed.stderr)
    }
}

/// `--live`: the repository policy as ECR (moto) holds it decides the preflight.
final class LivePreflightTests: MotoTestCase {
    func testLiveRepositoryPolicyIsReadAndExplained() throws {
        let moto = try moto()
        let repository = unique("live")
        let service = try moto.service()
        _ = try service.createRepository(.init(repositoryName: repository))
        _ = try service.setRepositoryPolicy(.init(repositoryName: repository, policyText: """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "NoPull", "Effect": "Deny", "Principal": "*", "Action": "ecr:BatchGetImage"}
        ]}
        """))
        let work = try TemporaryDirectory(); defer { work.remove() }
        let result = try runCommand(ecrguardPath(), ["pull", "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(repository):v1",
                                                     work.url.appendingPathComponent("out").path, "--auth", "anonymous",
                                                     "--preflight-as", "arn:aws:iam::123456789012:role/reader", "--live",
                                                     "--endpoint-url", moto.endpoint], environment: moto.environment())
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("ecr:BatchGetImage on arn:aws:ecr:us-east-1:123456789012:repository/\(repository): denied by Deny resource GetRepositoryPolicy(\(repository)):2:3 Statement[0] Sid \"NoPull\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("assuming the identity policies of arn:aws:iam::123456789012:role/reader allow ecr:* (none given)"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.url.appendingPathComponent("out").path))
    }
}
