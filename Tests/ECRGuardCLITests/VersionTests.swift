import ArgumentParser
@testable import ECRGuardCLI
import Foundation
import XCTest

/// End-to-end: runs the built `ecrguard` binary.
final class VersionTests: XCTestCase {
    func testVersionAndUsageExitCodes() throws {
        let version = try runEcrguard(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertEqual(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "0.1.0")
        // Printed without building the command tree, byte for byte as ArgumentParser prints it.
        XCTAssertThrowsError(try ECRGuard.parseAsRoot(["--version"])) { error in
            XCTAssertEqual(version.stdout, ECRGuard.fullMessage(for: error) + "\n")
            XCTAssertEqual(ECRGuard.exitCode(for: error), .success)
        }
        XCTAssertEqual(version.stderr, "")
        let usage = try runEcrguard(["--no-such-option"])
        XCTAssertEqual(usage.status, 64)
    }
}
