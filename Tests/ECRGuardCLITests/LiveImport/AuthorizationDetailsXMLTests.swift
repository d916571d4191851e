@testable import ECRGuardCLI
import ECRClient
import Foundation
import TestSupport
import XCTest

/// The GAAD query answer read with libxml2 gives what botocore (the AWS CLI) reads from the same bytes.
final class AuthorizationDetailsXMLTests: XCTestCase {
    /// Tests/Fixtures/live-import/gaad-moto.xml is moto's raw answer for the seeded production account;
    /// gaad-moto.botocore.json is botocore's parse of the same answer (dates written as ISO text).
    func testMotoAnswerReadsAsBotocoreReadsIt() throws {
        let xml = try Data(contentsOf: TestRequirements.fixture("live-import/gaad-moto.xml"))
        let expected = try JSONValue.parse(Data(contentsOf: TestRequirements.fixture("live-import/gaad-moto.botocore.json")))
        let merged = try AuthorizationDetailsXML.merge(pages: [xml])
        XCTAssertEqual(Self.canonical(merged), Self.canonical(expected))
        // moto sends trust policies unencoded and the others URL-encoded: both are objects now.
        let role = try XCTUnwrap(merged["RoleDetailList"]?.arrayValue?.first { $0["RoleName"]?.stringValue == "ci" })
        XCTAssertEqual(role["AssumeRolePolicyDocument"]?["Version"]?.stringValue, "2012-10-17")
        XCTAssertEqual(role["RolePolicyList"]?.arrayValue?.first?["PolicyDocument"]?["Statement"]?.arrayValue?.count, 2)
    }

    func testPagesAreMergedInOrderAndEmptyListsStayLists() throws {
        func page(_ role: String, truncated: Bool) -> Data {
            Data("""
            <GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult>
            <IsTruncated>\(truncated)</IsTruncated>\(truncated ? "<Marker>m1</Marker>" : "")
            <UserDetailList/><GroupDetailList/>
            <RoleDetailList><member><RoleName>\(role)</RoleName><Arn>arn:aws:iam::111122223333:role/\(role)</Arn>
            <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument>
            <RolePolicyList/><AttachedManagedPolicies/><Tags/></member></RoleDetailList>
            <Policies/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>
            """.utf8)
        }
        let merged = try AuthorizationDetailsXML.merge(pages: [page("a", truncated: true), page("b", truncated: false)])
        XCTAssertEqual(merged["RoleDetailList"]?.arrayValue?.compactMap { $0["RoleName"]?.stringValue }, ["a", "b"])
        XCTAssertEqual(merged["UserDetailList"], .array([]))
        XCTAssertEqual(merged["RoleDetailList"]?.arrayValue?.first?["RolePolicyList"], .array([]))
        XCTAssertEqual(merged["RoleDetailList"]?.arrayValue?.first?["AssumeRolePolicyDocument"]?["Version"]?.stringValue, "2012-10-17")
        XCTAssertEqual(LivePager.nextToken(page("a", truncated: true), service: .iam), "m1")
        XCTAssertNil(LivePager.nextToken(page("b", truncated: false), service: .iam))
    }

    /// As botocore: a document that does not parse stays the text as sent (the GAAD mapping reports it);
    /// one that is JSON already is read as it is, a literal `%` included.
    func testDocumentThatIsNotJSONStaysText() {
        XCTAssertEqual(AWSPolicyDocument.printed("%7Bnot%20json"), .string("%7Bnot%20json"))
        XCTAssertEqual(AWSPolicyDocument.printed(#"{"Version":"2012-10-17"}"#)["Version"]?.stringValue, "2012-10-17")
        let literalPercent = #"{"Version":"2012-10-17","Statement":[{"Sid":"100%25","Effect":"Allow","Action":"ecr:*","Resource":"*"}]}"#
        XCTAssertEqual(AWSPolicyDocument.printed(literalPercent)["Statement"]?.arrayValue?.first?["Sid"]?.stringValue, "100%25")
    }

    func testNotAnAnswerIsAnError() {
        XCTAssertThrowsError(try AuthorizationDetailsXML.merge(pages: [Data("<ErrorResponse/>".utf8)]))
    }

    /// An unreadable sts:GetCallerIdentity answer says why (not XML here; libxml2 missing the same
    /// way), and an answer without the account is nil.
    func testCallerIdentityThatCannotBeReadSaysWhy() throws {
        XCTAssertThrowsError(try AuthorizationDetailsXML.callerIdentity(Data("not xml".utf8))) { error in
            XCTAssertTrue("\(error)".contains("not well-formed XML"), "\(error)")
        }
        let empty = Data("<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>".utf8)
        XCTAssertNil(try AuthorizationDetailsXML.callerIdentity(empty))
        let answer = Data(("<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account>"
            + "<Arn>arn:aws:iam::123456789012:user/ci</Arn></GetCallerIdentityResult></GetCallerIdentityResponse>").utf8)
        let identity = try XCTUnwrap(try AuthorizationDetailsXML.callerIdentity(answer))
        XCTAssertEqual(identity.account, "123456789012")
        XCTAssertEqual(identity.arn, "arn:aws:iam::123456789012:user/ci")
    }

    /// Sorted keys, dates dropped (botocore turns them into datetime objects).
    static func canonical(_ value: JSONValue) -> String {
        func strip(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let members):
                return .object(members.filter { !["CreateDate", "UpdateDate", "LastUsedDate"].contains($0.0) }.sorted { $0.0 < $1.0 }.map { ($0.0, strip($0.1)) })
            case .array(let items): return .array(items.map(strip))
            default: return value
            }
        }
        return strip(value).rendered(.compact)
    }
}
