import Foundation
import JMESPath
import TestSupport
import XCTest

/// Every case of the JMESPath compliance suite (Fixtures/compliance, see its README): the result
/// (JSON equality) or the error kind the suite names; benchmark cases must compile and search.
final class ComplianceTests: XCTestCase {
    static let directory = TestRequirements.repositoryRoot.appendingPathComponent("Tests/JMESPathTests/Fixtures/compliance")
    static let files = ["basic", "benchmarks", "boolean", "current", "escape", "filters", "functions", "identifiers",
                        "indices", "literal", "multiselect", "pipe", "slice", "syntax", "unicode", "wildcard"]

    func testEveryComplianceCase() throws {
        var failures: [String] = []
        var count = 0
        for file in Self.files {
            let url = Self.directory.appendingPathComponent("\(file).json")
            guard case .array(let suites) = try JMESValue(json: Data(contentsOf: url)) else {
                return XCTFail("\(file).json is not a list of suites")
            }
            for case .object(let suite) in suites {
                let given = suite["given"] ?? .null
                guard case .array(let cases) = suite["cases"] ?? .null else { continue }
                for case .object(let testCase) in cases {
                    count += 1
                    if let failure = Self.run(testCase, given: given) { failures.append("\(file).json: \(failure)") }
                }
            }
        }
        XCTAssertGreaterThan(count, 800, "the suite has more than 800 cases")
        XCTAssertEqual(failures.count, 0, "\(failures.count) of \(count) compliance cases fail:\n" + failures.prefix(40).joined(separator: "\n"))
    }

    /// A description of what went wrong, or nil when the case passes.
    static func run(_ testCase: JMESObject, given: JMESValue) -> String? {
        guard case .string(let text) = testCase["expression"] ?? .null else { return "a case without an expression" }
        let outcome = Result { try JMESPath.Expression(compiling: text).search(given) }
        let got: String
        switch outcome {
        case .success(let value): got = JSONWriter(asciiOnly: false).text(value)
        case .failure(let error): got = "error \(error)"
        }
        if case .string(let kind) = testCase["error"] ?? .null {
            if case .failure(let error as JMESPathError) = outcome, error.kind.rawValue == kind { return nil }
            return "\(text): expected a \(kind) error, got \(got)"
        }
        if testCase["bench"] != nil {
            if case .success = outcome { return nil }
            return "\(text): benchmark case fails: \(got)"
        }
        let expected = testCase["result"] ?? .null
        if case .success(let value) = outcome, value == expected { return nil }
        return "\(text): expected \(JSONWriter(asciiOnly: false).text(expected)), got \(got)"
    }
}
