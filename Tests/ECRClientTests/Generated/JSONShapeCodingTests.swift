@testable import ECRClient
import Foundation
import XCTest

/// The JSON 1.1 runtime and the generated ECR/Organizations shapes: answers read into the model's
/// shapes and written back in the model's member order, with values as the AWS CLI v1 prints them.
final class JSONShapeCodingTests: XCTestCase {
    /// The service's member order, unknown members and number forms must not leak into the printed answer.
    func testAnswerIsPrintedInModelOrderWithTimestampsAsSent() throws {
        let answer = try JSONValue.parse(#"""
        {"repositories":[{"createdAt":1.7330000001234E9,"repositoryName":"app","futureMember":{"x":1},
          "imageTagMutability":"IMMUTABLE_WITH_EXCLUSION","registryId":"123456789012",
          "imageScanningConfiguration":{"scanOnPush":false},"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/app"}],
         "nextToken":"t1"}
        """#)
        let response = try ECR.DescribeRepositoriesResponse(json: answer)
        let repository = try XCTUnwrap(response.repositories?.first)
        XCTAssertEqual(repository.repositoryName, "app")
        XCTAssertEqual(repository.imageTagMutability, .immutableWithExclusion)
        XCTAssertEqual(repository.createdAt?.date, Date(timeIntervalSince1970: 1_733_000_000.1234))
        XCTAssertEqual(response.jsonValue().compact,
                       #"{"repositories":[{"repositoryArn":"arn:aws:ecr:us-east-1:123456789012:repository/app","registryId":"123456789012","#
                       + #""repositoryName":"app","createdAt":1.7330000001234E9,"imageTagMutability":"IMMUTABLE_WITH_EXCLUSION","#
                       + #""imageScanningConfiguration":{"scanOnPush":false}}],"nextToken":"t1"}"#)
    }

    func testUnknownEnumValueIsKeptAsSent() throws {
        let response = try ECR.GetAccountSettingResponse(json: try JSONValue.parse(#"{"name":"BASIC_SCAN_TYPE_VERSION","value":"SOMETHING_NEW"}"#))
        XCTAssertEqual(response.value, "SOMETHING_NEW")
        let repository = try ECR.Repository(json: try JSONValue.parse(#"{"imageTagMutability":"NEW_MODE"}"#))
        XCTAssertEqual(repository.imageTagMutability?.rawValue, "NEW_MODE")
        XCTAssertNotEqual(repository.imageTagMutability, .immutable)
        XCTAssertEqual(repository.jsonValue().compact, #"{"imageTagMutability":"NEW_MODE"}"#)
    }

    func testWrongTypeIsAnErrorWithItsPath() {
        let answer = try! JSONValue.parse(#"{"repositories":[{"repositoryName":"a"},{"repositoryName":"b","createdAt":"yesterday"}]}"#)
        XCTAssertThrowsError(try ECR.DescribeRepositoriesResponse(json: answer)) { error in
            XCTAssertEqual((error as? AWSDecodingError)?.pathText, "repositories[1].createdAt")
            XCTAssertEqual("\(error)", "expected a timestamp, found 'yesterday' at repositories[1].createdAt")
        }
        XCTAssertThrowsError(try ECR.DescribeRepositoriesResponse(json: .array([]))) { error in
            XCTAssertEqual("\(error)", "expected an object, found an array")
        }
    }

    func testRequestBodyInModelOrderWithoutAbsentMembers() {
        let request = ECR.DescribeRepositoriesRequest(registryId: "123456789012", repositoryNames: ["a", "b"], maxResults: 5)
        XCTAssertEqual(request.jsonValue().compact, #"{"registryId":"123456789012","repositoryNames":["a","b"],"maxResults":5}"#)
        let put = ECR.PutImageTagMutabilityRequest(repositoryName: "app", imageTagMutability: .mutable)
        XCTAssertEqual(put.jsonValue().compact, #"{"repositoryName":"app","imageTagMutability":"MUTABLE"}"#)
        XCTAssertEqual(ECR.DescribeRegistryRequest().jsonValue().compact, "{}")
    }

    /// Maps keep the service's order; blobs are base64; doubles and longs round-trip.
    func testMapsBlobsAndNumbers() throws {
        let summary = try ECR.ImageScanFindingsSummary(json: try JSONValue.parse(
            #"{"findingSeverityCounts":{"HIGH":2,"CRITICAL":1,"LOW":7},"imageScanCompletedAt":1700000000}"#))
        XCTAssertEqual(summary.findingSeverityCounts?.keys, ["HIGH", "CRITICAL", "LOW"])
        XCTAssertEqual(summary.findingSeverityCounts?["CRITICAL"], 1)
        XCTAssertEqual(summary.jsonValue().compact, #"{"imageScanCompletedAt":1700000000,"findingSeverityCounts":{"HIGH":2,"CRITICAL":1,"LOW":7}}"#)

        let part = ECR.UploadLayerPartRequest(repositoryName: "r", uploadId: "u", partFirstByte: 0, partLastByte: 2, layerPartBlob: Data([1, 2, 3]))
        XCTAssertEqual(part.jsonValue()["layerPartBlob"], .string("AQID"))
        let score = try ECR.CvssScore(json: try JSONValue.parse(#"{"baseScore":7.5,"scoringVector":"v"}"#))
        XCTAssertEqual(score.baseScore, 7.5)
        XCTAssertEqual(score.jsonValue().compact, #"{"baseScore":7.5,"scoringVector":"v"}"#)
    }

    /// A request-only shape's required members are not optional: forgetting one does not compile.
    func testRequestOnlyRequiredMembersAreNonOptional() {
        let request = ECR.SetRepositoryPolicyRequest(repositoryName: "app", policyText: "{}")
        let name: String = request.repositoryName
        XCTAssertEqual(name, "app")
        XCTAssertEqual(request.jsonValue().compact, #"{"repositoryName":"app","policyText":"{}"}"#)
    }

    /// The registry password never appears in a description (config.json marks it sensitive).
    func testSensitiveMembersAreHiddenFromDescriptions() throws {
        let data = try ECR.AuthorizationData(json: try JSONValue.parse(#"{"authorizationToken":"QVdTOnNlY3JldC1wYXNzd29yZA==","proxyEndpoint":"https://x"}"#))
        XCTAssertFalse("\(data)".contains("QVdTOnNlY3JldC1wYXNzd29yZA=="))
        XCTAssertFalse(String(reflecting: data).contains("QVdTOnNlY3JldC1wYXNzd29yZA=="))
        XCTAssertTrue("\(data)".contains("<redacted>"))
        let credentials = STS.Credentials(accessKeyId: "AKIA", secretAccessKey: "very-secret", sessionToken: "token-secret",
                                          expiration: AWSTimestamp(Date(timeIntervalSince1970: 0)))
        XCTAssertFalse("\(credentials)".contains("very-secret"))
        XCTAssertFalse("\(credentials)".contains("token-secret"))
    }

    func testOrganizationsShapes() throws {
        let page = try Organizations.ListAccountsResponse(json: try JSONValue.parse(#"""
        {"NextToken":"n","Accounts":[{"Name":"a","Id":"111111111111","Status":"ACTIVE","JoinedTimestamp":1.7E9,"Arn":"arn"}]}
        """#))
        XCTAssertEqual(page.accounts?.first?.status, .active)
        XCTAssertEqual(page.jsonValue().compact, #"{"Accounts":[{"Id":"111111111111","Arn":"arn","Name":"a","Status":"ACTIVE","JoinedTimestamp":1.7E9}],"NextToken":"n"}"#)
    }

    func testServiceErrorsAreTypedWithUnknownCodesKept() {
        let notFound = AWSClientError.service(AWSServiceError(code: "RepositoryNotFoundException", message: "no repo", status: 400))
        XCTAssertEqual(ECR.ServiceError(notFound), .repositoryNotFoundException(message: "no repo"))
        XCTAssertEqual(ECR.ServiceError(notFound)?.code, ECR.ErrorCode.repositoryNotFoundException.rawValue)
        let other = AWSClientError.service(AWSServiceError(code: "SignatureDoesNotMatch", message: "bad signature", status: 403))
        XCTAssertEqual(ECR.ServiceError(other), .unknown(code: "SignatureDoesNotMatch", message: "bad signature"))
        XCTAssertEqual("\(ECR.ServiceError(other)!)", "An error occurred (SignatureDoesNotMatch): bad signature")
        XCTAssertNil(ECR.ServiceError(.configuration("no region")))
        XCTAssertEqual(IAM.ServiceError(code: "NoSuchEntity", message: "m"), .noSuchEntityException(message: "m"))
        XCTAssertEqual(IAM.ServiceError(code: "NoSuchEntity", message: "m").message, "m")
    }

    func testErrorCodesAreTheCodesServicesSend() {
        XCTAssertEqual(ECR.ErrorCode.repositoryNotFoundException.rawValue, "RepositoryNotFoundException")
        XCTAssertEqual(IAM.ErrorCode.noSuchEntityException.rawValue, "NoSuchEntity")
        XCTAssertEqual(STS.ErrorCode.malformedPolicyDocumentException.rawValue, "MalformedPolicyDocument")
        XCTAssertEqual(Organizations.ErrorCode.awsOrganizationsNotInUseException.rawValue, "AWSOrganizationsNotInUseException")
    }
}

/// `ECR.invoke`: a request body built elsewhere, the answer read into the output shape.
final class InvokeByNameTests: XCTestCase {
    func testAnswerComesBackInModelOrderWithoutUnknownMembers() throws {
        let transport = FakeTransport([FakeTransport.json(200, #"{"replicationConfiguration":{"rules":[]},"extra":1,"registryId":"123456789012"}"#)])
        let ecr = ECR(executor: AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "a", secretAccessKey: "b"))),
                      endpoint: URL(string: "https://ecr.example")!, region: "us-east-1")
        let answer = try ecr.invoke("DescribeRegistry", body: .object([("unmodelled", .bool(true))]))
        XCTAssertEqual(answer.compact, #"{"registryId":"123456789012","replicationConfiguration":{"rules":[]}}"#)
        XCTAssertEqual(String(decoding: try XCTUnwrap(transport.requests.first).body, as: UTF8.self), #"{"unmodelled":true}"#, "the body is sent as given")
        XCTAssertThrowsError(try ecr.invoke("DescribeRegistries", body: .object([]))) { error in
            XCTAssertEqual("\(error)", "configuration: ECR has no operation named 'DescribeRegistries'")
        }
        XCTAssertEqual(transport.requests.count, 1, "an unknown operation is not sent")
    }
}
