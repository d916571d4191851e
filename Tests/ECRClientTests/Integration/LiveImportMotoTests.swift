@testable import ECRClient
import Foundation
import XCTest

/// `ecrguard import live` against moto_server with signature verification on: an organization
/// (root → OU → nested OU → accounts, SCPs on an OU and an account, an RCP on the root), IAM users,
/// groups and roles with inline and managed policies and a boundary, ECR registries in two Regions
/// and two accounts (Servers/seed_live_import.py, from the bundled policies/), read through
/// AssumeRole. The audit of the import must give the access matrix and replication verdicts of the
/// audit of the hand-written manifest of the same state.
final class LiveImportMotoTests: MotoTestCase {
    static let seedScript = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/seed_live_import.py").path

    /// (principal ARN, repository, capability) → decision, and (source, destination) → replication status.
    struct Verdicts: Equatable {
        var matrix: [String: String] = [:]
        var replication: [String: String] = [:]
    }

    func verdicts(_ report: JSONValue) -> Verdicts {
        var result = Verdicts()
        for cell in report["accessMatrix"]?.arrayValue ?? [] {
            let key = [cell["principalARN"], cell["repository"], cell["capability"]].map { $0?.stringValue ?? "?" }.joined(separator: " ")
            result.matrix[key] = cell["decision"]?.stringValue
        }
        for route in report["replication"]?.arrayValue ?? [] {
            let key = ["sourceAccount", "sourceRegion", "sourceRepository", "destinationAccount", "destinationRegion"]
                .map { route[$0]?.stringValue ?? "?" }.joined(separator: " ")
            result.replication[key] = route["status"]?.stringValue
        }
        return result
    }

    func testImportThroughAssumeRoleAuditsLikeTheHandWrittenManifest() throws {
        let server = try moto()
        let python = try requireBinary("python3")
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let expected = dir.url.appendingPathComponent("expected")
        let seeded = try runCommand(python, [Self.seedScript, server.endpoint, repositoryRoot.appendingPathComponent("policies").path, expected.path],
                                    environment: ProcessInfo.processInfo.environment)
        XCTAssertEqual(seeded.status, 0, seeded.stderr)
        let ids = try JSONValue.parse(seeded.stdout)
        // From here on moto checks every signature.
        let auth = try CurlTransport().send(HTTPRequest(method: "POST", endpoint: URL(string: server.endpoint + "/moto-api/reset-auth")!,
                                                        headers: [HTTPHeader("Content-Type", "text/plain")], body: Data("0".utf8)))
        XCTAssertEqual(auth.status, 200)
        let keys = ["AWS_ACCESS_KEY_ID": try XCTUnwrap(ids["accessKeyId"]?.stringValue),
                    "AWS_SECRET_ACCESS_KEY": try XCTUnwrap(ids["secretAccessKey"]?.stringValue),
                    "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": server.endpoint, "AWS_MAX_ATTEMPTS": "1"]
        let imported = dir.url.appendingPathComponent("imported")
        let run = try runCommand(ecrguardPath(), ["import", "live", "--organization", "--regions", "us-east-1,us-west-2", "--out", imported.path],
                                 environment: childEnvironment(keys))
        // moto cannot answer every call: the import is incomplete (exit 1 after writing).
        XCTAssertEqual(run.status, 1, run.stderr + run.stdout)

        let production = try XCTUnwrap(ids["production"]?.stringValue)
        let manifest = try String(contentsOf: imported.appendingPathComponent("ecrguard.yaml"), encoding: .utf8)
        // Organization levels root first: FullAWSAccess at every level, the OU's SCP, the account's own.
        XCTAssertTrue(manifest.contains("ouPath: \(try XCTUnwrap(ids["organization"]?.stringValue))/\(try XCTUnwrap(ids["root"]?.stringValue))/"
                                        + "\(try XCTUnwrap(ids["workloads"]?.stringValue))/\(try XCTUnwrap(ids["productionOU"]?.stringValue))/"), manifest)
        // The customer managed policy two roles attach is written once.
        let managed = try FileManager.default.subpathsOfDirectory(atPath: imported.appendingPathComponent("identity").path).filter { $0.hasSuffix("ecr-power-user.json") }
        XCTAssertEqual(managed.count, 1, "\(managed)")
        // moto cannot answer GetAccountSetting, pull-through cache rules or creation templates: gaps, never "none".
        let report = try JSONValue.parse(Data(contentsOf: imported.appendingPathComponent("import-report.json")))
        let subjects = Set((report["gaps"]?.arrayValue ?? []).compactMap { $0["subject"]?.stringValue })
        XCTAssertTrue(subjects.contains("ecr:GetAccountSetting \(production)/us-east-1"), "\(subjects)")
        XCTAssertEqual(report["principals"]?["leftOut"]?.doubleValue, 2, "lambda-exec and the replication service-linked role")

        func audit(_ directory: URL, _ name: String) throws -> JSONValue {
            let result = try runCommand(ecrguardPath(), ["audit", directory.path, "--out", dir.url.appendingPathComponent(name).path, "--format", "json"],
                                        environment: childEnvironment([:]))
            XCTAssertNotEqual(result.status, 2, name + ": " + result.stderr + result.stdout)
            return try JSONValue.parse(result.stdout)
        }
        let fromImport = verdicts(try audit(imported, "import-reports"))
        let fromHand = verdicts(try audit(expected, "expected-reports"))
        XCTAssertFalse(fromHand.matrix.isEmpty)
        XCTAssertEqual(fromImport.replication, fromHand.replication)
        XCTAssertEqual(Set(fromImport.matrix.keys), Set(fromHand.matrix.keys))
        for (cell, decision) in fromHand.matrix where fromImport.matrix[cell] != decision {
            XCTFail("\(cell): import \(fromImport.matrix[cell] ?? "none"), hand-written \(decision)")
        }
    }
}
