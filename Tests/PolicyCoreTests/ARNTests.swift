import PolicyCore
import XCTest

final class ARNTests: XCTestCase {
    func testParsesRepositoryARN() throws {
        let arn = try XCTUnwrap(ARN("arn:aws:ecr:us-east-1:123456789012:repository/team/employee-api"))
        XCTAssertEqual(arn.service, "ecr")
        XCTAssertEqual(arn.account, "123456789012")
        XCTAssertEqual(arn.resourceType, "repository")
        XCTAssertEqual(arn.resourceName, "team/employee-api")
        XCTAssertNil(ARN("arn:aws:ecr:us-east-1"))
        XCTAssertNil(ARN("not-an-arn:a:b:c:d:e"))
    }

    func testPolicyTemplateParsesVariablesDefaultsAndEscapes() throws {
        let t = try PolicyTemplate.parse("arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team, 'none'}${*}", variablesEnabled: true).get()
        XCTAssertEqual(t.parts, [.literal("arn:aws:s3:::b/"), .variable(key: "aws:username", defaultValue: nil), .literal("/"),
                                 .variable(key: "aws:PrincipalTag/team", defaultValue: "none"), .escaped("*")])
        XCTAssertEqual(try PolicyTemplate.parse("${aws:username}", variablesEnabled: false).get(), .literal("${aws:username}"))
        guard case .failure(let e) = PolicyTemplate.parse("a${aws:username", variablesEnabled: true) else { return XCTFail("expected failure") }
        XCTAssertEqual(e.scalarOffset, 1)
    }
}
