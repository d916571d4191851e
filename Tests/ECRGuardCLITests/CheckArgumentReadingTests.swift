@testable import ECRGuardCLI
import ArgumentParser
import Foundation
import TestSupport
import XCTest

/// `ecrguard check` reads plain command lines without ArgumentParser (`CheckCommand.plain`): what it
/// reads must be what ArgumentParser reads, and everything else must still reach ArgumentParser.
final class CheckArgumentReadingTests: XCTestCase {
    /// Every stored property of the command, read by reflection: an option added to `CheckCommand`
    /// and not set by `plain` shows up here as an unparsed property wrapper, so the readings differ.
    private static func fields(_ command: CheckCommand) -> [String] {
        Mirror(reflecting: command).children.map { "\($0.label ?? "?")=\(String(describing: $0.value))" }
    }

    func testPlainCommandLinesReadAsArgumentParserReadsThem() throws {
        let accepted: [[String]] = [
            ["a.json"],
            ["a.json", "b.json", "a.json"],
            ["a.json", "--account", "123456789012", "b.json"],
            ["--kind", "identity", "a.json", "--format", "sarif", "--fail-on", "low", "--fail-on-code", "public_access"],
            ["a.json", "--suppressions", "s.yaml", "--baseline", "b.json", "--write-baseline", "w.json", "--organization", "o-abc123def4",
             "--registry-scope", "v1", "--region", "eu-west-1", "--today", "2026-12-05", "--repository-root", "/repo"],
            ["--list-rules"],
            ["--list-rules", "--format", "markdown"],
        ]
        for arguments in accepted {
            let plain = try XCTUnwrap(CheckCommand.plain(arguments), "\(arguments)")
            let parsed = try CheckCommand.parse(arguments)
            XCTAssertEqual(Self.fields(plain), Self.fields(parsed), "\(arguments)")
        }
        // Every option `plain` reads is read both ways above: one defined for `plain` and declared
        // otherwise (or not at all) to ArgumentParser would read differently or not parse there.
        let given = Set(accepted.joined().filter { $0.hasPrefix("--") })
        XCTAssertEqual(given, Set(CheckCommand.Options.all.map(\.option)))
    }

    /// Anything ArgumentParser rejects or reads its own way is left to it: same message, same exit code.
    func testAnythingElseIsLeftToArgumentParser() {
        let left: [[String]] = [
            [], ["--kind", "nope", "a.json"], ["a.json", "--kind"], ["a.json", "--kind", "--format", "json"], ["a.json", "--kind=identity"],
            ["a.json", "--format", "json", "--format", "text"], ["a.json", "--fail-on-code", "NOPE"],
            ["a.json", "--fail-on-code", "PUBLIC_ACCESS", "--fail-on-code", "PUBLIC_ACCESS"], ["a.json", "--account", "12"],
            ["-"], ["a.json", "--"], ["a.json", "-h"], ["--help"], ["a.json", "--unknown", "x"], ["a.json", "--list-rules", "--list-rules"],
            ["--list-rules", "--format", "sarif"], ["a.json", "--today", "2026-13-01"], ["a.json", "--region", ""],
        ]
        for arguments in left {
            XCTAssertNil(CheckCommand.plain(arguments), "\(arguments)")
        }
    }

    /// End to end, a plain command line and the same line in a form only ArgumentParser reads
    /// (`--option=value`) print the same bytes and exit alike.
    func testPlainAndArgumentParserPathsPrintTheSame() throws {
        let policy = TestRequirements.repositoryRoot.appendingPathComponent("policies/repositories/employee-api.json").path
        for format in ["text", "json", "junit"] {
            let plain = try runEcrguard(["check", policy, "--account", "123456789012", "--format", format])
            let parsed = try runEcrguard(["check", policy, "--account=123456789012", "--format=\(format)"])
            XCTAssertEqual(plain.status, parsed.status, format)
            // The reports carry the second they were made in; two runs may straddle a second boundary.
            XCTAssertEqual(Self.withoutTimestamps(plain.stdout), Self.withoutTimestamps(parsed.stdout), format)
            XCTAssertEqual(plain.stderr, parsed.stderr, format)
        }
    }

    private static func withoutTimestamps(_ text: String) -> String {
        text.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z"#, with: "<time>", options: .regularExpression)
    }
}
