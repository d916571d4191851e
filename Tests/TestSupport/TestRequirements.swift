import Foundation
import XCTest

/// What a test needs from outside the repository (`../shared`, moto_server, chromium, python
/// packages), in one place. A missing requirement skips the test on a developer machine, but is a
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

    /// `../shared` beside the repository, or `ECRGUARD_SHARED_DIR`.
    public static func sharedDirectory(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = ProcessInfo.processInfo.environment["ECRGUARD_SHARED_DIR"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        if FileManager.default.fileExists(atPath: url.path) { return url }
        try unmet("the shared directory \(url.path) (set ECRGUARD_SHARED_DIR)", file: file, line: line)
    }

    /// A file inside `../shared` (a schema, a test suite folder).
    public static func sharedFile(_ relativePath: String, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = try sharedDirectory(file: file, line: line).appendingPathComponent(relativePath)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        try unmet("\(url.path)", file: file, line: line)
    }
}
