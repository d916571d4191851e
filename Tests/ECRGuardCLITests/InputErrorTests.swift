import Foundation
import Reports
import TestSupport
import XCTest

/// Inputs the gate cannot use fail it, and say so in every output format: a file `check` cannot
/// read is an INPUT_ERROR result beside the other files' findings (exit 2).
final class InputErrorTests: CheckTestCase {
    static let typo = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Push", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "ecr:PutImagee"}]}"#

    /// good.json (one finding), nope.json (missing), folder/ (a directory), broken.json (not JSON).
    private func writeMixedInputs() throws -> [String] {
        try write("good.json", Self.typo)
        try write("broken.json", #"{"Version": "#)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("folder"), withIntermediateDirectories: true)
        return ["good.json", "nope.json", "folder", "broken.json"]
    }

    func testAnUnreadableFileIsAnInputErrorInTheTextReport() throws {
        let result = try check(try writeMixedInputs())
        XCTAssertEqual(result.status, 2, result.stdout)
        XCTAssertTrue(result.stdout.contains("good.json:1:"), result.stdout)
        XCTAssertTrue(result.stdout.contains("INVALID_ACTION"), "the readable file is still checked: \(result.stdout)")
        XCTAssertTrue(result.stdout.contains("nope.json:1:1: critical INPUT_ERROR cannot read the file: no such file"), result.stdout)
        XCTAssertTrue(result.stdout.contains("folder:1:1: critical INPUT_ERROR cannot read the file: it is a directory"), result.stdout)
        XCTAssertTrue(result.stdout.contains("broken.json:1:13: critical JSON_SYNTAX_ERROR"), result.stdout)
        XCTAssertTrue(result.stderr.contains("nope.json: cannot read the file"), result.stderr)
    }

    func testAFileWithoutReadPermissionIsAnInputError() throws {
        try write("good.json", Self.typo)
        try write("secret.json", Self.typo)
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: directory.appendingPathComponent("secret.json").path)
        let arguments = ["check", "good.json", "secret.json"]
        let result: ProcessResult
        if getuid() == 0 {
            // root reads any file: run as nobody.
            let setpriv = try TestRequirements.executable("setpriv")
            result = try runProcess(URL(fileURLWithPath: setpriv), ["--reuid=65534", "--regid=65534", "--clear-groups", ecrguardExecutable().path] + arguments,
                                    currentDirectory: directory)
        } else {
            result = try runEcrguard(arguments, currentDirectory: directory)
        }
        XCTAssertEqual(result.status, 2, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("secret.json:1:1: critical INPUT_ERROR cannot read the file: permission denied"), result.stdout)
        XCTAssertTrue(result.stdout.contains("good.json:1:142: high INVALID_ACTION"), result.stdout)
    }

    func testSARIFReportIsCompleteAndValidWithAnUnreadableFile() throws {
        let result = try check(try writeMixedInputs() + ["--format", "sarif"])
        XCTAssertEqual(result.status, 2, result.stderr)
        let data = Data(result.stdout.utf8)
        XCTAssertEqual(try SARIFSchema.errors(data), [])
        let log = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let run = try XCTUnwrap((log["runs"] as? [[String: Any]])?.first)
        let results = try XCTUnwrap(run["results"] as? [[String: Any]])
        func uri(_ result: [String: Any]) -> String? {
            (((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: Any])?["uri"] as? String
        }
        let byFile = Dictionary(grouping: results, by: { uri($0) ?? "" }).mapValues { $0.map { $0["ruleId"] as? String ?? "" } }
        XCTAssertEqual(byFile["nope.json"], ["INPUT_ERROR"])
        XCTAssertEqual(byFile["folder"], ["INPUT_ERROR"])
        XCTAssertEqual(byFile["broken.json"], ["JSON_SYNTAX_ERROR"])
        XCTAssertTrue(byFile["good.json"]?.contains("INVALID_ACTION") == true, "\(byFile)")
        XCTAssertEqual(results.first { uri($0) == "nope.json" }?["level"] as? String, "error")
        let invocation = try XCTUnwrap((run["invocations"] as? [[String: Any]])?.first)
        XCTAssertEqual(invocation["executionSuccessful"] as? Bool, false)
        XCTAssertEqual(invocation["exitCode"] as? Int, 2)
        let notifications = try XCTUnwrap(invocation["toolExecutionNotifications"] as? [[String: Any]])
        let notified = notifications.compactMap { ($0["message"] as? [String: Any])?["text"] as? String }
        XCTAssertTrue(notified.contains { $0.hasPrefix("nope.json: cannot read the file") }, "\(notified)")
        XCTAssertEqual(notifications.count, 3, "\(notified)")
    }

    func testJUnitReportIsCompleteAndValidWithAnUnreadableFile() throws {
        let result = try check(try writeMixedInputs() + ["--format", "junit"])
        XCTAssertEqual(result.status, 2, result.stderr)
        let xml = Data(result.stdout.utf8)
        for (name, document) in [(JUnitSchemas.original, JUnitSchemas.withoutTestCaseFiles(xml)), (JUnitSchemas.extended, xml)] {
            let schema = try TestRequirements.fixture(name)
            let validator = try XMLSchemaValidator(schema: Data(contentsOf: schema), baseURL: schema.path)
            XCTAssertEqual(validator.validate(document), [], name + "\n" + result.stdout)
        }
        XCTAssertTrue(result.stdout.contains(#"<testcase name="INPUT_ERROR in nope.json" classname="nope_json" time="0" file="nope.json">"#), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"<failure type="INPUT_ERROR" message="INPUT_ERROR (critical) at nope.json:1:1: cannot read the file: no such file"#), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"<testcase name="INVALID_ACTION in good.json""#), result.stdout)
        // Nothing in a file that was not read passed: its other rules are skipped.
        XCTAssertTrue(result.stdout.contains(#"<testcase name="PUBLIC_ACCESS in nope.json" classname="nope_json" time="0" file="nope.json">"#
            + "\n" + #"      <skipped message="not checked: INPUT_ERROR"#), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"<testcase name="PUBLIC_ACCESS in broken.json" classname="broken_json" time="0" file="broken.json">"#
            + "\n" + #"      <skipped message="not checked: JSON_SYNTAX_ERROR"#), result.stdout)
        XCTAssertTrue(result.stdout.contains(#"<testcase name="PUBLIC_ACCESS in good.json" classname="good_json" time="0" file="good.json"/>"#), result.stdout)
    }

    func testJSONReportIsCompleteWithAnUnreadableFile() throws {
        let result = try check(try writeMixedInputs() + ["--format", "json"])
        XCTAssertEqual(result.status, 2, result.stderr)
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let findings = try XCTUnwrap(report["findings"] as? [[String: Any]])
        let pairs = Set(findings.map { "\($0["file"] as? String ?? ""):\($0["code"] as? String ?? "")" })
        XCTAssertTrue(pairs.isSuperset(of: ["nope.json:INPUT_ERROR", "folder:INPUT_ERROR", "broken.json:JSON_SYNTAX_ERROR", "good.json:INVALID_ACTION"]), "\(pairs)")
    }
}
