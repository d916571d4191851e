import Foundation
import TestSupport

/// The shared fixture type (Tests/TestSupport), usable in this target without importing it.
typealias ProcessResult = TestSupport.ProcessResult

/// The `ecrguard` executable built beside the test bundle.
func ecrguardExecutable() -> URL { builtExecutable("ecrguard") }

/// The repository root (for `policies/` and fixtures).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs `ecrguard` with arguments, optional stdin and environment, and collects its output.
func runEcrguard(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> ProcessResult {
    try runProcess(ecrguardExecutable(), arguments, stdin: stdin, environment: environment, currentDirectory: currentDirectory)
}
