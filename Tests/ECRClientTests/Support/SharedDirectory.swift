import Foundation
import XCTest

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// `../shared` beside the repository (or ECRGUARD_SHARED_DIR). Missing: skip locally, fail in CI.
func sharedDirectory(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let env = ProcessInfo.processInfo.environment
    let url = env["ECRGUARD_SHARED_DIR"].map { URL(fileURLWithPath: $0) }
        ?? repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    if FileManager.default.fileExists(atPath: url.path) { return url }
    if env["CI"] != nil || env["ECRGUARD_REQUIRE_SERVERS"] == "1" {
        XCTFail("shared directory \(url.path) is missing", file: file, line: line)
    }
    throw XCTSkip("shared directory \(url.path) is missing")
}
