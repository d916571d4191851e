@testable import ECRClient
import Foundation
import XCTest

/// The Query protocol runtime: form parameters as botocore writes them, XML answers (nested lists,
/// maps, entities, CDATA) read through libxml2 into the generated IAM and STS shapes, error documents.
final class QueryXMLCodingTests: XCTestCase {
    static let gaadPage = #"""
    <GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
      <GetAccountAuthorizationDetailsResult>
        <IsTruncated>true</IsTruncated>
        <Marker>page-2</Marker>
        <RoleDetailList>
          <member>
            <Path>/</Path>
            <RoleName>deployer</RoleName>
            <RoleId>AROAEXAMPLE</RoleId>
            <Arn>arn:aws:iam::123456789012:role/deployer</Arn>
            <CreateDate>2026-01-02T03:04:05Z</CreateDate>
            <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
            <InstanceProfileList>
              <member>
                <InstanceProfileName>ip</InstanceProfileName>
                <Roles><member><RoleName>deployer</RoleName><Arn>arn:aws:iam::123456789012:role/deployer</Arn></member></Roles>
              </member>
            </InstanceProfileList>
            <RolePolicyList>
              <member><PolicyName>inline-a</PolicyName><PolicyDocument>%7B%7D</PolicyDocument></member>
              <member><PolicyName>inline-b &amp; c</PolicyName><PolicyDocument><![CDATA[{"a":"<b>"}]]></PolicyDocument></member>
            </RolePolicyList>
            <AttachedManagedPolicies>
              <member><PolicyName>ReadOnly</PolicyName><PolicyArn>arn:aws:iam::aws:policy/ReadOnlyAccess</PolicyArn></member>
            </AttachedManagedPolicies>
            <Tags><member><Key>team</Key><Value>platform</Value></member></Tags>
          </member>
        </RoleDetailList>
        <UserDetailList/>
        <Policies>
          <member>
            <PolicyName>custom</PolicyName>
            <IsAttachable>true</IsAttachable>
            <AttachmentCount>3</AttachmentCount>
            <PolicyVersionList>
              <member><Document>%7B%7D</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></member>
              <member><VersionId>v1</VersionId><IsDefaultVersion>false</IsDefaultVersion></member>
            </PolicyVersionList>
          </member>
        </Policies>
      </GetAccountAuthorizationDetailsResult>
      <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
    </GetAccountAuthorizationDetailsResponse>
    """#

    func testNestedListsOfGetAccountAuthorizationDetails() throws {
        let root = try AWSXMLElement.parse(Data(Self.gaadPage.utf8))
        let page = try IAM.GetAccountAuthorizationDetailsResponse(xml: try XCTUnwrap(root.child("GetAccountAuthorizationDetailsResult")))
        XCTAssertEqual(page.isTruncated, true)
        XCTAssertEqual(page.marker, "page-2")
        XCTAssertEqual(page.userDetailList, [])
        XCTAssertNil(page.groupDetailList)
        let role = try XCTUnwrap(page.roleDetailList?.first)
        XCTAssertEqual(role.roleName, "deployer")
        XCTAssertEqual(role.createDate?.date, Date(timeIntervalSince1970: 1_767_323_045))
        XCTAssertEqual(role.instanceProfileList?.first?.roles?.first?.roleName, "deployer")
        XCTAssertEqual(role.rolePolicyList?.map(\.policyName), ["inline-a", "inline-b & c"])
        XCTAssertEqual(role.rolePolicyList?.last?.policyDocument, #"{"a":"<b>"}"#)
        XCTAssertEqual(role.attachedManagedPolicies?.first?.policyArn, "arn:aws:iam::aws:policy/ReadOnlyAccess")
        XCTAssertEqual(role.tags?.first?.value, "platform")
        let policy = try XCTUnwrap(page.policies?.first)
        XCTAssertEqual(policy.attachmentCount, 3)
        XCTAssertEqual(policy.policyVersionList?.map(\.versionId), ["v2", "v1"])
        XCTAssertEqual(policy.policyVersionList?.map(\.isDefaultVersion), [true, false])

        // Printed as the AWS CLI v1 prints it: model order, the timestamp text as sent.
        let printed = page.jsonValue()
        XCTAssertEqual(printed.objectKeys, ["UserDetailList", "RoleDetailList", "Policies", "IsTruncated", "Marker"])
        XCTAssertEqual(printed["RoleDetailList"]?.arrayValue?.first?["CreateDate"], .string("2026-01-02T03:04:05Z"))
        // Policy documents print URL-decoded and parsed, as botocore's json_decode_policies leaves them;
        // the member keeps the text as sent.
        XCTAssertEqual(role.assumeRolePolicyDocument, "%7B%22Version%22%3A%222012-10-17%22%7D")
        XCTAssertEqual(printed["RoleDetailList"]?.arrayValue?.first?["AssumeRolePolicyDocument"]?.compact, #"{"Version":"2012-10-17"}"#)
        XCTAssertEqual(printed["RoleDetailList"]?.arrayValue?.first?["RolePolicyList"]?.arrayValue?.last?["PolicyDocument"]?.compact, #"{"a":"<b>"}"#)
        XCTAssertEqual(AWSPolicyDocument.printed("not json %ZZ"), .string("not json %ZZ"))
    }

    func testMapsAndBadValues() throws {
        let map = try OrderedMap<Int>(xml: try AWSXMLElement.parse(Data(
            "<SummaryMap><entry><key>Users</key><value>4</value></entry><entry><key>Roles</key><value>9</value></entry></SummaryMap>".utf8)))
        XCTAssertEqual(map.keys, ["Users", "Roles"])
        XCTAssertEqual(map["Roles"], 9)
        XCTAssertThrowsError(try IAM.GetAccountSummaryResponse(xml: try AWSXMLElement.parse(Data(
            "<R><SummaryMap><entry><key>Users</key><value>four</value></entry></SummaryMap></R>".utf8)))) { error in
            XCTAssertEqual("\(error)", "expected an integer, found 'four' at SummaryMap.Users")
        }
        XCTAssertThrowsError(try AWSXMLElement.parse(Data("<a><b></a>".utf8))) { error in
            XCTAssertEqual("\(error)", "the answer is not well-formed XML")
        }
    }

    /// An external entity is neither fetched nor expanded.
    func testExternalEntitiesAreNotExpanded() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("xxe-\(UUID().uuidString)")
        try "secret-file-content".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let document = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file://\(file.path)\">]><r><Arn>&x;</Arn></r>"
        let parsed = try? AWSXMLElement.parse(Data(document.utf8))
        XCTAssertFalse(parsed?.child("Arn")?.text.contains("secret-file-content") ?? false)
    }

    func testQueryParametersAsBotocoreWritesThem() {
        let client = AWSQueryClient(executor: AWSRequestExecutor(transport: FakeTransport(), credentials: nil),
                                    endpoint: URL(string: "https://iam.amazonaws.com")!, signingName: "iam", signingRegion: "us-east-1", apiVersion: IAM.apiVersion)
        let create = IAM.CreateRoleRequest(roleName: "r", assumeRolePolicyDocument: #"{"Version":"2012-10-17"}"#, maxSessionDuration: 3600,
                                           tags: [IAM.Tag(key: "a", value: "1"), IAM.Tag(key: "b c", value: "2")])
        let parameters = client.parameters("CreateRole", create)
        XCTAssertEqual(parameters.parameters.map(\.name), ["Action", "Version", "RoleName", "AssumeRolePolicyDocument", "MaxSessionDuration",
                                                           "Tags.member.1.Key", "Tags.member.1.Value", "Tags.member.2.Key", "Tags.member.2.Value"])
        XCTAssertEqual(parameters.formBody,
                       "Action=CreateRole&Version=2010-05-08&RoleName=r&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D"
                       + "&MaxSessionDuration=3600&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b+c&Tags.member.2.Value=2")
        let gaad = client.parameters("GetAccountAuthorizationDetails", IAM.GetAccountAuthorizationDetailsRequest(filter: [.role, .localManagedPolicy], marker: "m"))
        XCTAssertEqual(gaad.formBody, "Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=Role&Filter.member.2=LocalManagedPolicy&Marker=m")
        XCTAssertEqual(client.parameters("X", IAM.GetAccountAuthorizationDetailsRequest(filter: [])).formBody, "Action=X&Version=2010-05-08&Filter=")
    }

    /// Error documents of the Query protocol give the code and message; a 2xx answer without the
    /// result element is a malformed answer, not an empty one.
    func testErrorDocumentsAndMissingResult() throws {
        let transport = FakeTransport([.respond(HTTPResponse(status: 404, headers: [], body: Data("""
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>
            <Message>The role with name nope cannot be found.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>
            """.utf8)))])
        let iam = IAM(executor: AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s")),
                                                   retry: RetryPolicy(maxAttempts: 1)),
                      endpoint: URL(string: "https://iam.amazonaws.com")!, region: "us-east-1")
        XCTAssertThrowsError(try iam.getRole(IAM.GetRoleRequest(roleName: "nope"))) { error in
            let error = error as? AWSClientError
            XCTAssertEqual(error?.code, IAM.ErrorCode.noSuchEntityException.rawValue)
            XCTAssertEqual("\(error!)", "An error occurred (NoSuchEntity): The role with name nope cannot be found.")
        }
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), "Action=GetRole&Version=2010-05-08&RoleName=nope")
        XCTAssertTrue(request.headers.contains { $0.name == "Authorization" && $0.value.contains("/us-east-1/iam/aws4_request") })

        let wrongAnswer = FakeTransport([.respond(HTTPResponse(status: 200, headers: [], body: Data("<GetRoleResponse><Other/></GetRoleResponse>".utf8)))])
        let iam2 = IAM(executor: AWSRequestExecutor(transport: wrongAnswer, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "AKID", secretAccessKey: "s"))),
                       endpoint: URL(string: "https://iam.amazonaws.com")!, region: "us-east-1")
        XCTAssertThrowsError(try iam2.getRole(IAM.GetRoleRequest(roleName: "x"))) { error in
            XCTAssertEqual("\(error)", "malformed response to GetRole: no <GetRoleResult> in <GetRoleResponse>")
        }
    }
}

extension JSONValue {
    var objectKeys: [String] { if case .object(let members) = self { members.map(\.0) } else { [] } }
}
