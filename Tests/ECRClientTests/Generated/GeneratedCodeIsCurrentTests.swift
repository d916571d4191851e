import Foundation
import TestSupport
import XCTest

/// Sources/ECRClient/Generated (the typed clients) and Sources/ECRGuardCLI/Generated (the `ecr` command
/// model) are exactly what scripts/codegen.py writes from Codegen/ (models and config.json): the
/// generator runs into a temporary directory and every file is compared.
final class GeneratedCodeIsCurrentTests: XCTestCase {
    func testCommittedGeneratedCodeMatchesTheGenerator() throws {
        let python = try TestRequirements.executable("python3")
        let root = TestRequirements.repositoryRoot
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("codegen-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: temporary) }
        let result = try runCommand(python, [root.appendingPathComponent("scripts/codegen.py").path, "--output", temporary.path], environment: childEnvironment([:]))
        XCTAssertEqual(result.status, 0, result.stderr)

        for tree in ["ECRClient/Generated", "ECRGuardCLI/Generated"] {
            let expected = try Self.files(under: root.appendingPathComponent("Sources/\(tree)"))
            let generated = try Self.files(under: temporary.appendingPathComponent(tree))
            XCTAssertFalse(generated.isEmpty, tree)
            XCTAssertEqual(expected.keys.sorted(), generated.keys.sorted(), "\(tree): run scripts/codegen.py")
            for (name, text) in generated {
                XCTAssertTrue(expected[name] == text, "\(tree)/\(name) differs from the generator's output; run scripts/codegen.py")
            }
        }
        for service in ["ECR", "ECRPublic", "IAM", "STS", "Organizations"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: temporary.appendingPathComponent("ECRClient/Generated/\(service)/\(service)Operations.swift").path), service)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: temporary.appendingPathComponent("ECRGuardCLI/Generated/ECRCLIModel.swift").path))
    }

    /// `--check` is the one-command form of the same comparison (what CI and developers run).
    func testCheckModeReportsAStaleFile() throws {
        let python = try TestRequirements.executable("python3")
        let root = TestRequirements.repositoryRoot
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("codegen-repo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        for path in ["scripts", "Codegen", "Sources/ECRClient/Generated", "Sources/ECRGuardCLI/Generated"] {
            try FileManager.default.createDirectory(at: copy.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: root.appendingPathComponent(path), to: copy.appendingPathComponent(path))
        }
        let script = copy.appendingPathComponent("scripts/codegen.py").path
        let current = try runCommand(python, [script, "--check"], environment: childEnvironment([:]))
        XCTAssertEqual(current.status, 0, current.stdout + current.stderr)

        for file in ["Sources/ECRClient/Generated/ECR/ECROperations.swift", "Sources/ECRGuardCLI/Generated/ECRCLIModel.swift"] {
            let edited = copy.appendingPathComponent(file)
            let original = try String(contentsOf: edited, encoding: .utf8)
            try (original + "// edited by hand\n").write(to: edited, atomically: true, encoding: .utf8)
            let stale = try runCommand(python, [script, "--check"], environment: childEnvironment([:]))
            XCTAssertEqual(stale.status, 1, file)
            XCTAssertTrue(stale.stdout.contains("-// edited by hand"), file + ": " + stale.stdout)
            try original.write(to: edited, atomically: true, encoding: .utf8)
        }
    }

    static func files(under directory: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        let base = directory.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in walker where url.pathExtension == "swift" {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            result[relative] = try String(contentsOf: url, encoding: .utf8)
        }
        return result
    }
}
