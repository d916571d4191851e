import Foundation
import XCTest

/// who-can and audit read the manifest extensions the importers write.
final class ManifestExtensionsCommandTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-ext-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("rcp"), withIntermediateDirectories: true)
        let files = [
            "ecrguard.yaml": """
                version: 1
                registries:
                  - account: "123456789012"
                    region: us-east-1
                    organization: {id: o-a1b2c3d4e5}
                    resourceControlPolicies:
                      - [rcp/org-only.json]
                    repositories:
                      - {name: api, policy: public-pull.json, scanOnPush: true}
                principals:
                  - {name: insider, arn: "arn:aws:iam::210987654321:role/deploy", identityPolicies: [ecr.json], organization: {id: o-a1b2c3d4e5}}
                  - {name: outsider, arn: "arn:aws:iam::444455556666:role/admin", identityPolicies: [ecr.json]}
                """,
            "public-pull.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#,
            "ecr.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#,
            "rcp/org-only.json": #"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]}"#,
        ]
        for (name, text) in files { try text.write(to: scratch.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// who-can applies the registry's RCPs, as the audit's matrix does.
    func testWhoCanAppliesTheRegistryRCPs() throws {
        let result = try runEcrguard(["who-can", "pull", "api", scratch.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("YES arn:aws:iam::210987654321:role/deploy"), result.stdout)
        XCTAssertTrue(result.stdout.contains("NO  arn:aws:iam::444455556666:role/admin"), result.stdout)
        XCTAssertTrue(result.stdout.contains("denied by: Deny rcp"), result.stdout)
    }

    /// who-can says when a principal's SCPs were not collected instead of answering as if it knew.
    func testWhoCanSaysWhenSCPsWereNotCollected() throws {
        let manifest = scratch.appendingPathComponent("ecrguard.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "identityPolicies: [ecr.json], organization: {id: o-a1b2c3d4e5}}",
                                      with: "identityPolicies: [ecr.json], organization: {id: o-a1b2c3d4e5}, serviceControlPolicies: not-collected}")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let result = try runEcrguard(["who-can", "pull", "api", scratch.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("manifest principal 'insider'\n        assuming its SCPs were not collected: no SCP is assumed to restrict it"), result.stdout)
    }
}
