@testable import ECRClient
import Foundation
import TestSupport
import XCTest

/// `ecrguard ecr` prints answers as the AWS CLI does: read into the model's shapes, so members come in
/// the model's order whatever order the server used, members the model does not name are dropped,
/// and timestamps print as sent. The stub server answers in its own order (Servers/stub_ecr_server.py);
/// both tools talk to it and their output must be identical.
final class ModelOrderOutputTests: XCTestCase {
    nonisolated(unsafe) static var server: ServerProcess?
    nonisolated(unsafe) static var startError: String?

    override class func setUp() {
        super.setUp()
        guard let python = ServerProcess.which("python3") else { return }
        let script = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/stub_ecr_server.py").path
        do { server = try ServerProcess(executable: python, arguments: [script, "PORT"]) } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        server?.stop()
        server = nil
        super.tearDown()
    }

    func testServerOrderAndUnknownMembersArePrintedAsTheAWSCLIPrintsThem() throws {
        _ = try requireBinary("python3")
        let aws = try requireBinary("aws")
        guard let server = Self.server else { XCTFail("stub server did not start: \(Self.startError ?? "?")"); return }
        let environment = childEnvironment(["AWS_ACCESS_KEY_ID": "AKIDSTUB", "AWS_SECRET_ACCESS_KEY": "stub-secret", "AWS_DEFAULT_REGION": "us-east-1", "AWS_PAGER": ""])
        for (names, output) in [(["paged-3"], "json"), (["extra-2"], "json"), (["extra-2"], "text"), (["paged-3"], "table")] {
            let arguments = ["describe-repositories", "--repository-names"] + names + ["--page-size", "2", "--output", output]
            let theirs = try runCommand(aws, ["--endpoint-url", server.baseURL, "ecr"] + arguments, environment: environment)
            let ours = try runCommand(ecrguardPath(), ["ecr"] + arguments + ["--endpoint-url", server.baseURL], environment: environment)
            XCTAssertEqual(theirs.status, 0, theirs.stderr)
            XCTAssertEqual(ours.status, 0, ours.stderr)
            XCTAssertTrue(ours.stdout == theirs.stdout, "\(arguments):\n--- aws\n\(theirs.stdout)--- ecrguard\n\(ours.stdout)")
        }
        let printed = try runCommand(ecrguardPath(), ["ecr", "describe-repositories", "--repository-names", "extra-1", "--endpoint-url", server.baseURL],
                                     environment: environment)
        XCTAssertFalse(printed.stdout.contains("futureField"), printed.stdout)
        let arn = try XCTUnwrap(printed.stdout.range(of: "repositoryArn")), name = try XCTUnwrap(printed.stdout.range(of: "\"repositoryName\""))
        XCTAssertLessThan(arn.lowerBound, name.lowerBound, "the model lists repositoryArn before repositoryName")
    }
}
