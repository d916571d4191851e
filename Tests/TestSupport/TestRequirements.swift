import Foundation
import XCTest

/// What a test needs besides the code (fixtures under `Tests/Fixtures`, moto_server, chromium,
/// python packages), in one place. A missing requirement skips the test on a developer machine, but is a
/// FAILURE when `ECRGUARD_REQUIRE_SERVERS=1` (set by scripts/test.sh, so always in CI) or `CI` is set:
/// CI must never pass by skipping.
public enum TestRequirements {
    public static var areMandatory: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["ECRGUARD_REQUIRE_SERVERS"] == "1" || env["CI"] != nil
    }

    /// The repository root, found from this file's path (Tests/TestSupport/…).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Reports an unmet requirement: fails under `areMandatory`, and always ends the test.
    public static func unmet(_ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if areMandatory {
            XCTFail("\(what) is required here; run scripts/setup.sh test", file: file, line: line)
        }
        throw XCTSkip("\(what) is missing; run scripts/setup.sh test")
    }

    /// The full path of `name` on PATH, or nil.
    public static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The full path of an executable the test cannot run without.
    public static func executable(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        if let path = findExecutable(name) { return path }
        try unmet("\(name) (not on PATH)", file: file, line: line)
    }

    /// A file under `Tests/Fixtures` (schemas, the SigV4 test suite: see its README for provenance).
    /// The fixtures are part of the repository, so a missing one is always a failure, never a skip.
    public static func fixture(_ relativePath: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            XCTFail("missing test fixture \(url.path)", file: file, line: line)
            throw MissingFixture(path: url.path)
        }
        return url
    }

    public struct MissingFixture: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "missing test fixture \(path)" }
    }
}
