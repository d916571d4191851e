import Foundation
import XCTest

/// Validates a SARIF log against `Tests/Fixtures/schemas/sarif-schema-2.1.0.json` with python's
/// `jsonschema` (draft 4, as the schema declares). Used by the report writer tests and by the
/// end-to-end tests of the commands that write SARIF.
public enum SARIFSchema {
    /// Every schema error as `json/path: message`; empty when the log is valid.
    public static func errors(_ sarif: Data, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let schema = try TestRequirements.fixture("schemas/sarif-schema-2.1.0.json", file: file, line: line)
        guard let python = TestRequirements.findExecutable("python3") else { try TestRequirements.unmet("python3", file: file, line: line) }
        let probe = try runProcess(URL(fileURLWithPath: python), ["-c", "import jsonschema"])
        if probe.status != 0 { try TestRequirements.unmet("python3 jsonschema", file: file, line: line) }
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1])); doc = json.load(sys.stdin)
        validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors: print("/".join(map(str, e.absolute_path)) + ": " + e.message)
        sys.exit(1 if errors else 0)
        """
        let result = try runProcess(URL(fileURLWithPath: python), ["-c", script, schema.path], stdin: sarif)
        XCTAssertTrue(result.status == 0 || result.status == 1, result.stderr, file: file, line: line)
        if result.status == 1 && result.stdout.isEmpty { return ["the validator failed: " + result.stderr] }
        return result.stdout.split(separator: "\n").map(String.init)
    }
}
