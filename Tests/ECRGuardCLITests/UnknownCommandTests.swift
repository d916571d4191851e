import Foundation
@testable import ECRGuardCLI
import XCTest

/// A misspelt command or `ecr` operation is blamed as such (not as an unknown option), with the
/// closest name, exit 64.
final class UnknownCommandTests: XCTestCase {
    func testMisspeltCommandGetsDidYouMean() throws {
        let result = try runEcrguard(["audt"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("error: unknown command 'audt'. Did you mean 'audit'?"), result.stderr)
        let chek = try runEcrguard(["chek", "policy.json"])
        XCTAssertEqual(chek.status, 64)
        XCTAssertTrue(chek.stderr.contains("Did you mean 'check'?"), chek.stderr)
    }

    func testMisspeltECROperationBlamesTheOperationNotTheOption() throws {
        let result = try runEcrguard(["ecr", "create-repo", "--repository-name", "x"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("error: unknown ecr operation 'create-repo'. Did you mean 'create-repository'?"), result.stderr)
        XCTAssertFalse(result.stderr.contains("--repository-name"), result.stderr)
    }

    func testAWordFarFromEveryCommandListsThem() throws {
        let result = try runEcrguard(["frobnicate"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.stderr.contains("unknown command 'frobnicate'. Known: audit, check, simulate, who-can, diff, ecr, plan, apply, import, push, pull, copy, preflight."), result.stderr)
    }

    func testRealCommandsAndOptionsAreLeftToTheParser() {
        XCTAssertNil(UnknownCommand.find(in: ["check", "audt.json"]))
        XCTAssertNil(UnknownCommand.find(in: ["ecr", "create-repository", "--repository-name", "x"]))
        XCTAssertNil(UnknownCommand.find(in: ["help", "check"]))
        XCTAssertNil(UnknownCommand.find(in: ["--version"]))
        XCTAssertNil(UnknownCommand.find(in: []))
        XCTAssertEqual(UnknownCommand.find(in: ["ecr", "describe-repos"])?.suggestion, "describe-repositories")
        XCTAssertEqual(UnknownCommand.find(in: ["smiulate"])?.suggestion, "simulate")
        XCTAssertEqual(UnknownCommand.find(in: ["whocan"])?.suggestion, "who-can")
    }
}
