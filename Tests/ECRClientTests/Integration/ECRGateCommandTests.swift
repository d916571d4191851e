@testable import ECRClient
import Foundation
import XCTest

/// The `ecrguard ecr` gate against moto: what installs access or deletes data is refused before it
/// is sent (exit 1, findings on stderr) unless --ignore-findings, which is not ECR's --force.
final class ECRGateCommandTests: MotoTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory()
        if let server = Self.servers[ObjectIdentifier(Self.self)] {
            _ = try server.service().executor.transport.send(HTTPRequest(method: "POST", endpoint: URL(string: server.endpoint + "/moto-api/reset")!))
        }
    }

    override func tearDown() { dir?.remove() }

    static let publicPolicy = #"{"Version":"2012-10-17","Statement":[{"Sid":"all","Effect":"Allow","Principal":"*","Action":"ecr:BatchGetImage"}]}"#

    private func manifest(protected: Bool = true, extraAccount: String? = nil) throws -> String {
        let extra = extraAccount.map { "\n  - account: \"\($0)\"\n    region: us-west-2\n" } ?? "\n"
        return try dir.write("ecrguard.yaml", """
        version: 1
        registries:
          - account: "123456789012"
            region: us-east-1
            repositories:
              - name: app
                protected: \(protected)
        """ + extra)
    }

    private func seedRepository(_ server: MotoServer) throws {
        let ecr = try server.service()
        _ = try ecr.invoke("CreateRepository", body: try JSONValue.parse(#"{"repositoryName":"app"}"#))
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":1,"digest":"sha256:\#(String(repeating: "1", count: 64))"},"layers":[]}"#
        _ = try ecr.invoke("PutImage", body: .object([("repositoryName", .string("app")), ("imageManifest", .string(manifest)),
                                                      ("imageTag", .string("v1")), ("imageDigest", .string("sha256:" + String(repeating: "2", count: 64)))]))
    }

    func testReplicationToAnAccountOutsideTheManifestIsRefused() throws {
        let server = try moto()
        let configuration = #"{"rules":[{"destinations":[{"region":"us-west-2","registryId":"999999999999"}]}]}"#
        let refused = try server.ecrguard(["put-replication-configuration", "--replication-configuration", configuration])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("high REPLICATION_OUTSIDE_MANIFEST [blocking]: replication to account 999999999999 (us-west-2)"), refused.stderr)
        XCTAssertEqual(try server.ecrguard(["describe-registry", "--query", "replicationConfiguration.rules | length(@)"]).stdout, "0\n",
                       "nothing was sent")
        let known = try server.ecrguard(["put-replication-configuration", "--replication-configuration", configuration,
                                         "--manifest", try manifest(extraAccount: "999999999999")])
        XCTAssertEqual(known.status, 0, known.stderr)
    }

    func testLifecyclePolicyThatCanEmptyAProtectedRepositoryIsRefused() throws {
        let server = try moto()
        try seedRepository(server)
        let manifestPath = try manifest()
        let emptying = try dir.write("emptying.json", #"{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 30}, "action": {"type": "expire"}}]}"#)
        let refused = try server.ecrguard(["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", "file://\(emptying)", "--manifest", manifestPath])
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(emptying):1:12: critical LIFECYCLE_EMPTIES_PROTECTED_REPOSITORY [blocking]: app is protected, but rule 1 expires every image"), refused.stderr)
        XCTAssertNotEqual(try server.ecrguard(["get-lifecycle-policy", "--repository-name", "app"]).status, 0, "nothing was sent")
        // Not protected: the same policy is sent.
        let unprotected = try server.ecrguard(["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", "file://\(emptying)",
                                               "--manifest", try manifest(protected: false)])
        XCTAssertEqual(unprotected.status, 0, unprotected.stderr)
        let untagged = try dir.write("untagged.json", #"{"rules": [{"rulePriority": 1, "selection": {"tagStatus": "untagged", "countType": "sinceImagePushed", "countUnit": "days", "countNumber": 14}, "action": {"type": "expire"}}]}"#)
        let kept = try server.ecrguard(["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", "file://\(untagged)", "--manifest", manifestPath])
        XCTAssertEqual(kept.status, 0, kept.stderr)
    }

    func testLifecyclePolicyECRWouldRejectIsRefusedBeforeSending() throws {
        let server = try moto()
        try seedRepository(server)
        let policy = try dir.write("bad.json", """
        {"rules": [
          {"rulePriority": 1, "selection": {"tagStatus": "any", "countType": "imageCountMoreThan", "countNumber": 5}, "action": {"type": "expire"}},
          {"rulePriority": 2, "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1}, "action": {"type": "expire"}}
        ]}
        """)
        let result = try server.ecrguard(["put-lifecycle-policy", "--repository-name", "app", "--lifecycle-policy-text", "file://\(policy)"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("\(policy):2:3: high LIFECYCLE_ANY_RULE_NOT_LAST [blocking]"), result.stderr)
        XCTAssertNotEqual(try server.ecrguard(["get-lifecycle-policy", "--repository-name", "app"]).status, 0, "nothing was sent")
    }

    func testProtectedRepositoryIsNotDeleted() throws {
        let server = try moto()
        try seedRepository(server)
        let manifestPath = try manifest()
        let delete = try server.ecrguard(["delete-repository", "--repository-name", "app", "--force", "--manifest", manifestPath])
        XCTAssertEqual(delete.status, 1, delete.stderr)
        XCTAssertTrue(delete.stderr.contains("DELETES_PROTECTED_REPOSITORY [blocking]"), delete.stderr)
        let images = try server.ecrguard(["batch-delete-image", "--repository-name", "app", "--image-ids", "imageTag=v1", "--manifest", manifestPath])
        XCTAssertEqual(images.status, 1, images.stderr)
        XCTAssertEqual(try server.ecrguard(["list-images", "--repository-name", "app", "--query", "length(imageIds)"]).stdout, "1\n")
        let overridden = try server.ecrguard(["delete-repository", "--repository-name", "app", "--force", "--manifest", manifestPath, "--ignore-findings"])
        XCTAssertEqual(overridden.status, 0, overridden.stderr)
        XCTAssertTrue(overridden.stderr.contains("[overridden]"), overridden.stderr)
    }

    func testECRForceDoesNotOverrideTheGate() throws {
        let server = try moto()
        try seedRepository(server)
        let forced = try server.ecrguard(["set-repository-policy", "--repository-name", "app", "--policy-text", Self.publicPolicy, "--force"])
        XCTAssertEqual(forced.status, 1, forced.stderr)
        XCTAssertTrue(forced.stderr.contains("PUBLIC_ACCESS [blocking]"), forced.stderr)
        XCTAssertTrue(forced.stderr.contains("use --ignore-findings to override"), forced.stderr)
        let ignored = try server.ecrguard(["set-repository-policy", "--repository-name", "app", "--policy-text", Self.publicPolicy, "--ignore-findings"])
        XCTAssertEqual(ignored.status, 0, ignored.stderr)
    }
}
