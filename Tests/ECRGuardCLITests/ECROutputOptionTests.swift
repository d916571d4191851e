@testable import ECRGuardCLI
import Foundation
import JMESPath
import XCTest

/// `--output` and `--query` of `ecrguard ecr`: bad values are usage errors found before anything is
/// sent; the setting's precedence; paginated answers printed as the AWS CLI prints them.
final class ECROutputOptionTests: XCTestCase {
    /// An endpoint nothing listens on: these commands must fail before they would connect.
    private let offline = ["--endpoint-url", "http://127.0.0.1:9", "--region", "us-east-1"]
    private let credentials = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true",
                               "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "HOME": "/nonexistent"]

    func testUnknownOutputIsAUsageErrorListingTheFormats() throws {
        let result = try runEcrguard(["ecr", "describe-registry", "--output", "xml"] + offline, environment: credentials)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("'json', 'text', 'table', 'yaml' or 'yaml-stream'"), result.stderr)
    }

    func testInvalidQueryIsAUsageErrorWithTheColumn() throws {
        let result = try runEcrguard(["ecr", "describe-repositories", "--query", "repositories[?name=='a'"] + offline, environment: credentials)
        XCTAssertEqual(result.status, 64, result.stderr)
        XCTAssertTrue(result.stderr.contains("syntax error at column 24"), result.stderr)
        XCTAssertTrue(result.stderr.contains("  repositories[?name=='a'\n" + String(repeating: " ", count: 25) + "^"), result.stderr)
    }

    func testUnknownOutputFromTheEnvironmentOrProfileFailsBeforeSending() throws {
        let environment = credentials.merging(["AWS_DEFAULT_OUTPUT": "xml"]) { $1 }
        let fromEnvironment = try runEcrguard(["ecr", "describe-registry"] + offline, environment: environment)
        XCTAssertEqual(fromEnvironment.status, 64, fromEnvironment.stderr)
        XCTAssertTrue(fromEnvironment.stderr.contains("AWS_DEFAULT_OUTPUT: unknown output format 'xml'; use one of json, text, table, yaml, yaml-stream"),
                      fromEnvironment.stderr)
        XCTAssertFalse(fromEnvironment.stderr.contains("127.0.0.1"), "nothing was sent: \(fromEnvironment.stderr)")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("config")
        try "[default]\noutput = yml\n".write(to: config, atomically: true, encoding: .utf8)
        let fromProfile = try runEcrguard(["ecr", "describe-registry"] + offline, environment: credentials.merging(["AWS_CONFIG_FILE": config.path]) { $1 })
        XCTAssertEqual(fromProfile.status, 64, fromProfile.stderr)
        XCTAssertTrue(fromProfile.stderr.contains("the profile's output setting: unknown output format 'yml'"), fromProfile.stderr)
        // --output wins over a bad setting below it, as in the AWS CLI
        let overridden = try runEcrguard(["ecr", "describe-registry", "--output", "json"] + offline,
                                         environment: credentials.merging(["AWS_CONFIG_FILE": config.path]) { $1 })
        XCTAssertEqual(overridden.status, 2, "the request is attempted (and fails: nothing listens): \(overridden.stderr)")
    }

    func testOutputPrecedence() throws {
        XCTAssertEqual(try OutputFormat.resolve(option: .table, environment: ["AWS_DEFAULT_OUTPUT": "text"], profileSetting: "yaml"), .table)
        XCTAssertEqual(try OutputFormat.resolve(option: nil, environment: ["AWS_DEFAULT_OUTPUT": "text"], profileSetting: "yaml"), .text)
        XCTAssertEqual(try OutputFormat.resolve(option: nil, environment: [:], profileSetting: "yaml-stream"), .yamlStream)
        XCTAssertEqual(try OutputFormat.resolve(option: nil, environment: [:], profileSetting: nil), .json)
        XCTAssertThrowsError(try OutputFormat.resolve(option: nil, environment: ["AWS_DEFAULT_OUTPUT": ""], profileSetting: "json"))
    }

    /// Services may write epoch timestamps with an exponent (`1.611868462E9`); the AWS CLI reads them
    /// as Python floats and prints `repr`, so ecrguard does too instead of echoing the service's text.
    func testNumbersPrintAsPythonPrintsThem() throws {
        let answer = ECRAnswer.single(try JMESValue(jsonText: #"{"createdAt": 1.611868462E9, "expiresAt": 1420070400, "size": 1e-5}"#))
        let json = try ResponsePrinter(format: .json, query: nil, terminalWidth: 80).render(answer, operation: "X")
        XCTAssertEqual(json, "{\n    \"createdAt\": 1611868462.0,\n    \"expiresAt\": 1420070400,\n    \"size\": 1e-05\n}\n")
        let text = try ResponsePrinter(format: .text, query: nil, terminalWidth: 80).render(answer, operation: "X")
        XCTAssertEqual(text, "1611868462.0\t1420070400\t1e-05\n")
    }

    /// Two pages of DescribeRepositories (moto never paginates, so this is checked here): json and
    /// table see the joined pages; text and yaml-stream, like the AWS CLI, print page by page and
    /// apply the query to each page.
    func testPagesAreJoinedForJSONAndPrintedOneByOneForText() throws {
        let pages = try [#"{"repositories": [{"repositoryName": "a"}], "nextToken": "t1"}"#, #"{"repositories": [{"repositoryName": "b"}, {"repositoryName": "c"}]}"#]
            .map { try JMESValue(jsonText: $0) }
        let answer = ECRAnswer.pages(pages, resultKey: "repositories")
        let count = try JMESPath.Expression(compiling: "length(repositories)")
        func render(_ format: OutputFormat, _ query: JMESPath.Expression? = nil) throws -> String {
            try ResponsePrinter(format: format, query: query, terminalWidth: 80).render(answer, operation: "DescribeRepositories")
        }
        XCTAssertEqual(try render(.json, count), "3\n")
        XCTAssertEqual(try render(.text, count), "1\n2\n")
        XCTAssertEqual(try render(.text), "REPOSITORIES\ta\nREPOSITORIES\tb\nREPOSITORIES\tc\n")
        XCTAssertEqual(try render(.json), "{\n    \"repositories\": [\n        {\n            \"repositoryName\": \"a\"\n        },\n        {\n            \"repositoryName\": \"b\"\n        },\n        {\n            \"repositoryName\": \"c\"\n        }\n    ]\n}\n")
        XCTAssertEqual(try render(.yamlStream, try JMESPath.Expression(compiling: "nextToken")), "- t1\n- null\n")
        XCTAssertEqual(try render(.yaml, try JMESPath.Expression(compiling: "repositories[].repositoryName")), "- a\n- b\n- c\n")
    }
}
