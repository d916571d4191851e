import PolicyCore
import RegistryAudit
import XCTest

/// A manifest of one registry (account 123456789012, us-east-1) with these repositories (and their
/// policy files), scanning on push, then `principals` (YAML lines of the `principals:` list, if any).
func oneRegistryManifest(_ repositories: [(name: String, policy: String)], principals: String = "") -> String {
    var manifest = "version: 1\nregistries:\n  - account: \"123456789012\"\n    region: us-east-1\n    repositories:\n"
    for repository in repositories { manifest += "      - {name: \(repository.name), policy: \(repository.policy), scanOnPush: true}\n" }
    return principals.isEmpty ? manifest : manifest + "principals:\n" + principals
}

/// Files in memory, as the CLI's file-system reader would serve them.
struct InMemoryFiles: Sendable {
    var files: [String: String]

    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no such file" }
    }

    var reader: PolicyFileReader {
        let files = files
        return { path in
            guard let text = files[path] else { throw Missing(path: path) }
            return text
        }
    }
}

final class RegistryLoaderTests: XCTestCase {
    private let manifest = """
    version: 1
    registries:
      - account: "123456789012"
        region: us-east-1
        repositories:
          - name: employee-api
            policy: repositories/employee-api.json
          - name: billing
            policy: ./repositories/employee-api.json
    principals:
      - name: ci
        arn: arn:aws:iam::123456789012:role/ci
        identityPolicies: [identity/ci.json, identity/missing.json]
        permissionBoundary: identity/boundary.json
    """

    func testReadsEachFileOnceAndKeysByKind() throws {
        let files = InMemoryFiles(files: [
            "policies/repositories/employee-api.json": "{}",
            "policies/identity/ci.json": "{\"Version\": \"2012-10-17\"}",
            "policies/identity/missing.json": "{}",
            "policies/identity/boundary.json": "{}",
        ])
        let input = try RegistryLoader.load(manifestText: manifest, manifestPath: "policies/ecrguard.yaml", directory: "policies", read: files.reader)
        XCTAssertEqual(input.sortedPolicies.map { "\($0.path) \($0.kind.rawValue)" }, [
            "policies/identity/boundary.json boundary",
            "policies/identity/ci.json identity",
            "policies/identity/missing.json identity",
            "policies/repositories/employee-api.json repository",
        ])
        let ci = try XCTUnwrap(input.manifest.principal(named: "ci"))
        XCTAssertEqual(input.policy(ci.identityPolicies[0], kind: .identity)?.text, "{\"Version\": \"2012-10-17\"}")
    }

    func testMissingFileIsReportedAtTheManifestLineNamingIt() {
        let files = InMemoryFiles(files: [
            "policies/repositories/employee-api.json": "{}",
            "policies/identity/ci.json": "{}",
        ])
        XCTAssertThrowsError(try RegistryLoader.load(manifestText: manifest, manifestPath: "policies/ecrguard.yaml", directory: "policies", read: files.reader)) { error in
            let errors = (error as? ManifestErrors)?.errors ?? []
            XCTAssertEqual(errors.map(\.description), [
                "policies/ecrguard.yaml:13:42: error: cannot read identity policy 'policies/identity/missing.json': no such file",
                "policies/ecrguard.yaml:14:25: error: cannot read boundary policy 'policies/identity/boundary.json': no such file",
            ])
        }
    }

    func testJoin() {
        XCTAssertEqual(RegistryLoader.join("policies", "./a/b.json"), "policies/a/b.json")
        XCTAssertEqual(RegistryLoader.join(".", "a.json"), "a.json")
        XCTAssertEqual(RegistryLoader.join("/tmp/x/", "a.json"), "/tmp/x/a.json")
    }
}
