import JMESPath
import XCTest

/// Searches `document` (JSON text) with `expression` and requires the answer to be the JSON
/// `expected`: same structure, key order and integer/float kinds (values checked in these files
/// were taken from Python's jmespath 1.1.0).
func assertSearch(_ expression: String, _ document: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
    do {
        let result = try JMESPath.Expression(compiling: expression).search(JMESValue(jsonText: document))
        let want = try JMESValue(jsonText: expected)
        XCTAssertTrue(sameJSON(result, want), "\(expression): got \(JSONWriter(asciiOnly: false).text(result)), expected \(expected)",
                      file: file, line: line)
    } catch {
        XCTFail("\(expression): \(error)", file: file, line: line)
    }
}

/// Requires compiling or searching to fail with an error of `kind`; returns the error.
@discardableResult
func assertError(_ expression: String, _ document: String = "{}", _ kind: JMESPathError.Kind,
                 file: StaticString = #filePath, line: UInt = #line) -> JMESPathError? {
    do {
        let result = try JMESPath.Expression(compiling: expression).search(JMESValue(jsonText: document))
        XCTFail("\(expression): expected a \(kind) error, got \(JSONWriter().text(result))", file: file, line: line)
    } catch let error as JMESPathError {
        XCTAssertEqual(error.kind, kind, "\(expression): \(error)", file: file, line: line)
        return error
    } catch {
        XCTFail("\(expression): \(error)", file: file, line: line)
    }
    return nil
}
