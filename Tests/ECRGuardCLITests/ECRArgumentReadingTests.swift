@testable import ECRGuardCLI
import ArgumentParser
import Foundation
import TestSupport
import XCTest

/// `ecrguard ecr` reads its global and gate options without ArgumentParser when they are plain
/// (`ECRCallSettings.read`, `ECRGateSettings.read`): what it reads must be what ArgumentParser reads,
/// and everything else must still reach ArgumentParser, so every message and exit code stays its own.
final class ECRArgumentReadingTests: XCTestCase {
    /// An endpoint nothing listens on: a call that gets past its arguments fails to connect (exit 2).
    private let offline = ["--endpoint-url", "http://127.0.0.1:9"]
    private let credentials = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
                               "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "HOME": "/nonexistent",
                               "AWS_DEFAULT_REGION": "us-east-1"]

    func testGlobalOptionsReadAsArgumentParserReadsThem() throws {
        let accepted: [[String]] = [
            [],
            ["--region", "eu-west-1"],
            ["--debug"],
            ["--output", "yaml-stream", "--query", "repositories[].repositoryName"],
            ["--region", "eu-west-1", "--profile", "ci", "--endpoint-url", "http://127.0.0.1:5000", "--ca-bundle", "/etc/ca.pem",
             "--output", "text", "--query", "repositories[?repositoryName=='a'] | [0]", "--cli-connect-timeout", "2.5",
             "--cli-read-timeout", "30", "--debug"],
            ["--cli-connect-timeout", "1e1", "--region", "help"],
        ]
        for arguments in accepted {
            let read = try XCTUnwrap(ECRCallSettings.read(arguments), "\(arguments)")
            let parsed = try AWSGlobalOptions.parse(arguments).settings
            XCTAssertEqual(Self.fields(read), Self.fields(parsed), "\(arguments)")
        }
        XCTAssertEqual(try XCTUnwrap(ECRCallSettings.read(commandLine: ["--region=eu-west-1", "--query=a==b"])).query?.text, "a==b")
    }

    /// Everything ArgumentParser rejects, or might read otherwise, is left to it: same message, same code.
    func testAnythingElseIsLeftToArgumentParser() throws {
        let left: [[String]] = [
            ["--region"], ["--region", "--debug"], ["--region", "-x"], ["--region", ""], ["--region", "a", "--region", "b"],
            ["--debug", "--debug"], ["--output", "xml"], ["--query", "a[?"], ["--cli-connect-timeout", "0"],
            ["--cli-read-timeout", "-1"], ["--cli-read-timeout", "soon"], ["--cli-read-timeout", "nan"], ["--cli-connect-timeout", "1e9"], ["--regoin", "a"], ["--help"], ["-h"], ["--", "--region", "a"], ["x"],
        ]
        for arguments in left {
            XCTAssertNil(ECRCallSettings.read(arguments), "\(arguments)")
        }
        XCTAssertNil(ECRCallSettings.read(commandLine: ["--debug=1"]))
        XCTAssertNil(ECRCallSettings.read(commandLine: ["--region="]))
        for arguments in [["--output", "xml"], ["--cli-connect-timeout", "0"], ["--regoin", "a"]] {
            XCTAssertThrowsError(try ECRCallSettings.parse(arguments)) { error in
                var expected = ""
                do { _ = try AWSGlobalOptions.parse(arguments) } catch { expected = AWSGlobalOptions.message(for: error) }
                XCTAssertEqual((error as? CLIFailure)?.message, expected)
                XCTAssertEqual((error as? CLIFailure)?.exitCode, 64)
            }
        }
        // ArgumentParser's own reading of what is left to it: the last of a repeated option wins.
        XCTAssertEqual(try ECRCallSettings.parse(["--region", "a", "--region", "b"]).client.region, "b")
    }

    func testGateOptionsReadAsArgumentParserReadsThem() throws {
        for arguments in [[], ["--fail-on", "CRITICAL"], ["--ignore-findings", "--manifest", "policies", "--fail-on", "low"]] {
            let read = try XCTUnwrap(ECRGateSettings.read(arguments), "\(arguments)")
            XCTAssertEqual(read, try ECRGateOptions.parse(arguments).settings, "\(arguments)")
        }
        for arguments in [["--fail-on", "severe"], ["--fail-on"], ["--manifest", "-p"], ["--ignore-findings", "--ignore-findings"], ["--fail"]] {
            XCTAssertNil(ECRGateSettings.read(arguments), "\(arguments)")
        }
        XCTAssertThrowsError(try ECRGateSettings.parse(["--fail-on", "severe"])) { error in
            XCTAssertEqual((error as? CLIFailure)?.message, "The value 'severe' is invalid for '--fail-on <fail-on>'")
        }
    }

    /// The command lines end to end: a missing value, an unknown option, `--`, a bad value, global
    /// options before and after the operation; a model operation and the hand-written get-login-password.
    func testUsageErrorsEndToEnd() throws {
        let cases: [(arguments: [String], status: Int32, stderr: String)] = [
            (["ecr", "describe-registry", "--region"], 64, "ecrguard: argument --region: expected one argument\n"),
            (["ecr", "describe-registry", "--regoin", "x"] + offline, 64, "ecrguard: Unknown options: --regoin (did you mean --region?)\n"),
            (["ecr", "describe-registry"] + offline + ["--", "--region", "x"], 64, "ecrguard: Unknown options: --\n"),
            (["ecr", "describe-registry", "--region", "-x"] + offline, 64, "ecrguard: Missing value for '--region <region>'\n"),
            (["ecr", "--cli-connect-timeout=0", "describe-registry"] + offline, 64, "ecrguard: --cli-connect-timeout must be positive\n"),
            // Before, NaN passed the check and infinity was positive: both crashed converting to milliseconds.
            (["ecr", "describe-registry", "--cli-read-timeout", "nan"] + offline, 64, "ecrguard: --cli-read-timeout must be positive\n"),
            (["ecr", "describe-registry", "--cli-connect-timeout=inf"] + offline, 64, "ecrguard: --cli-connect-timeout must be less than 1000000000 seconds\n"),
            (["ecr", "describe-registry", "--fail-on", "severe"] + offline, 64, "ecrguard: The value 'severe' is invalid for '--fail-on <fail-on>'\n"),
            (["ecr", "describe-registry", "--output", "xml"] + offline, 64,
             "ecrguard: The value 'xml' is invalid for '--output <output>'. Please provide one of 'json', 'text', 'table', 'yaml' or 'yaml-stream'.\n"),
        ]
        for (arguments, status, stderr) in cases {
            let result = try runEcrguard(arguments, environment: credentials)
            XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr, stderr, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
        let usage = "Usage: ecrguard ecr get-login-password [--region <region>] [--profile <profile>] [--endpoint-url <endpoint-url>] [--ca-bundle <ca-bundle>] [--debug] [--cli-connect-timeout <cli-connect-timeout>] [--cli-read-timeout <cli-read-timeout>] [--output <output>] [--query <query>]\n  See 'ecrguard ecr get-login-password --help' for more information.\n"
        let login: [(arguments: [String], stderr: String)] = [
            (["ecr", "get-login-password", "--region"], "Error: Missing value for '--region <region>'\nHelp:  --region <region>  The AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region).\n"),
            (["ecr", "get-login-password", "--regoin", "x"] + offline, "Error: Unknown option '--regoin'. Did you mean '--region'?\n"),
            (["ecr", "get-login-password"] + offline + ["--", "--region", "x"], "Error: 2 unexpected arguments: '--region', 'x'\n"),
            (["ecr", "--cli-connect-timeout", "0", "get-login-password"] + offline, "Error: --cli-connect-timeout must be positive\n"),
            (["ecr", "get-login-password", "--debug=1"] + offline, "Error: The option '--debug' does not take any value, but '1' was specified.\n"),
        ]
        for (arguments, stderr) in login {
            let result = try runEcrguard(arguments, environment: credentials)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr, stderr + usage, "\(arguments)")
        }
        // Read directly, before or after the operation: the call is attempted (nothing listens: exit 2).
        for arguments in [["ecr", "--region", "eu-west-1", "get-login-password"] + offline, ["ecr", "get-login-password", "--region=eu-west-1"] + offline,
                          ["ecr", "--output", "text", "describe-registry", "--region", "eu-west-1"] + offline] {
            let result = try runEcrguard(arguments, environment: credentials)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("could not reach AWS: connection failed for http://127.0.0.1:9/"), result.stderr)
        }
        let help = try runEcrguard(["ecr", "get-login-password", "--help"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertTrue(help.stdout.hasPrefix("OVERVIEW: Print a registry password for docker login."), help.stdout)
    }

    private static func fields(_ settings: ECRCallSettings) -> [String] {
        let client = settings.client
        return [client.region, client.profile, client.endpointURL, client.caBundle, "\(client.debug)", client.connectTimeout.map { "\($0)" },
                client.readTimeout.map { "\($0)" }, settings.output?.rawValue, settings.query?.text].map { $0 ?? "nil" }
    }
}
