import Foundation
import XCTest

/// End-to-end: runs the built `ecrguard` binary.
final class VersionTests: XCTestCase {
    func testVersionAndUsageExitCodes() throws {
        let version = try runEcrguard(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
        let usage = try runEcrguard(["--no-such-option"])
        XCTAssertEqual(usage.status, 64)
    }
}
