import Foundation
import TestSupport

/// The repository root.
let repositoryRoot = TestRequirements.repositoryRoot

/// `../shared` beside the repository (or ECRGUARD_SHARED_DIR); missing fails in CI (TestRequirements).
func sharedDirectory(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    try TestRequirements.sharedDirectory(file: file, line: line)
}
