@testable import ECRClient
import Foundation
import XCTest

/// The ECR JSON 1.1 client against the in-memory transport: wire format, errors, paging, retries.
final class ECRServiceTests: XCTestCase {
    func testRequestCarriesTargetContentTypeSignatureAndJSONBody() throws {
        let transport = FakeTransport([FakeTransport.json(200, #"{"repository": {"repositoryName": "web", "createdAt": 1700000000.5, "imageScanningConfiguration": {"scanOnPush": true}}}"#)])
        let response = try makeService(transport).createRepository(.init(repositoryName: "web", imageScanningConfiguration: .init(scanOnPush: true)))
        XCTAssertEqual(response.repository?.repositoryName, "web")
        XCTAssertEqual(response.repository?.createdAt?.date, Date(timeIntervalSince1970: 1_700_000_000.5))
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.urlString, "https://api.ecr.us-east-1.amazonaws.com/")
        XCTAssertEqual(request.headers.value(named: "X-Amz-Target"), "AmazonEC2ContainerRegistry_V20150921.CreateRepository")
        XCTAssertEqual(request.headers.value(named: "Content-Type"), "application/x-amz-json-1.1")
        XCTAssertTrue(request.headers.value(named: "Authorization")?.contains("/us-east-1/ecr/aws4_request") ?? false)
        let body = try JSONValue.parse(request.body)
        XCTAssertEqual(body["repositoryName"], .string("web"))
        XCTAssertEqual(body["imageScanningConfiguration"]?["scanOnPush"], .bool(true))
        XCTAssertNil(body["registryId"], "nil members are not sent")
    }

    func testJSONErrorWithNamespacedTypeIsStripped() {
        let transport = FakeTransport([FakeTransport.json(400, #"{"__type": "com.amazonaws.ecr#RepositoryNotFoundException", "message": "no such repo"}"#)])
        XCTAssertThrowsError(try makeService(transport).describeRepositories(.init(repositoryNames: ["x"]))) { error in
            guard case AWSClientError.service(let service) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(service.code, "RepositoryNotFoundException")
            XCTAssertEqual(service.message, "no such repo")
            XCTAssertEqual(service.status, 400)
        }
        XCTAssertEqual(transport.requests.count, 1, "a 400 client error is not retried")
    }

    func testErrorTypeHeaderIsUsedWhenBodyHasNone() {
        let transport = FakeTransport([.respond(HTTPResponse(status: 400, headers: [HTTPHeader("X-Amzn-Errortype", "InvalidParameterException:http://internal.amazon.com/")], body: Data("{}".utf8)))])
        XCTAssertThrowsError(try makeService(transport).describeRegistry()) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "InvalidParameterException")
        }
    }

    func testXMLAuthErrorIsParsed() {
        let xml = "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message></Error></Errors></ErrorResponse>"
        let transport = FakeTransport([.respond(HTTPResponse(status: 403, body: Data(xml.utf8)))])
        XCTAssertThrowsError(try makeService(transport).describeRegistry()) { error in
            guard case AWSClientError.service(let service) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(service.code, "SignatureDoesNotMatch")
            XCTAssertTrue(service.message.hasPrefix("The request signature"))
        }
    }

    func testThrottlingThenSuccessRetriesWithBackoff() throws {
        let sleeper = SleepRecorder()
        let transport = FakeTransport([
            FakeTransport.json(400, #"{"__type": "ThrottlingException", "message": "slow down"}"#),
            FakeTransport.json(400, #"{"__type": "ThrottlingException", "message": "slow down"}"#),
            FakeTransport.json(200, #"{"registryId": "123456789012"}"#),
        ])
        let response = try makeService(transport, sleeper: sleeper).describeRegistry()
        XCTAssertEqual(response.registryId, "123456789012")
        XCTAssertEqual(transport.requests.count, 3)
        XCTAssertEqual(sleeper.delays, [0.5, 1.0], "jitter 0.5 × 2^(n-1) seconds")
    }

    func testServerErrorsStopAfterMaxAttempts() {
        let transport = FakeTransport([FakeTransport.json(500, #"{"__type": "ServerException", "message": "boom"}"#)])
        XCTAssertThrowsError(try makeService(transport, maxAttempts: 4).describeRegistry()) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "ServerException")
        }
        XCTAssertEqual(transport.requests.count, 4)
    }

    func testConnectionFailureIsRetriedThenReported() {
        let transport = FakeTransport([.fail(TransportError(kind: .connectionFailed, message: "refused", url: "https://x/"))])
        XCTAssertThrowsError(try makeService(transport).describeRegistry()) { error in
            guard case AWSClientError.transport(let failure) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.kind, .connectionFailed)
        }
        XCTAssertEqual(transport.requests.count, 3)
    }

    func testTLSFailureIsNotRetried() {
        let transport = FakeTransport([.fail(TransportError(kind: .tls, message: "bad cert", url: "https://x/"))])
        XCTAssertThrowsError(try makeService(transport).describeRegistry())
        XCTAssertEqual(transport.requests.count, 1)
    }

    func testEachRetryIsSignedAgain() throws {
        let transport = FakeTransport([FakeTransport.json(503, "{}"), FakeTransport.json(200, "{}")])
        _ = try makeService(transport).getRegistryPolicy()
        XCTAssertEqual(transport.requests.count, 2)
        XCTAssertEqual(transport.requests.map { $0.headers.filter { $0.name == "Authorization" }.count }, [1, 1])
    }

    func testMalformedSuccessBodyIsAClearError() {
        let transport = FakeTransport([FakeTransport.json(200, #"{"repositories": [ {"repositoryName": "#)])
        XCTAssertThrowsError(try makeService(transport).describeRepositories()) { error in
            guard case AWSClientError.malformedResponse(let operation, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(operation, "DescribeRepositories")
        }
    }

    func testWrongShapeIsAClearError() {
        let transport = FakeTransport([FakeTransport.json(200, #"{"repository": {"repositoryName": 42}}"#)])
        XCTAssertThrowsError(try makeService(transport).createRepository(.init(repositoryName: "x"))) { error in
            XCTAssertTrue("\(error)".contains("malformed response to CreateRepository"), "\(error)")
        }
    }

    func testPagingFollowsNextTokenAndRefusesALoop() throws {
        let transport = FakeTransport()
        transport.handler = { request in
            let body = try? JSONValue.parse(request.body)
            switch body?["nextToken"]?.stringValue {
            case nil: return FakeTransport.json(200, #"{"repositories": [{"repositoryName": "a"}], "nextToken": "t1"}"#)
            case "t1": return FakeTransport.json(200, #"{"repositories": [{"repositoryName": "b"}], "nextToken": "t2"}"#)
            default: return FakeTransport.json(200, #"{"repositories": [{"repositoryName": "c"}]}"#)
            }
        }
        let all = try makeService(transport).describeRepositoriesPaginator(.init(maxResults: 1)).allPages().flatMap { $0.repositories ?? [] }
        XCTAssertEqual(all.map(\.repositoryName), ["a", "b", "c"])
        XCTAssertEqual(try JSONValue.parse(transport.requests[0].body)["maxResults"], .number("1"))

        let looping = FakeTransport([FakeTransport.json(200, #"{"imageIds": [], "nextToken": "same"}"#)])
        XCTAssertThrowsError(try makeService(looping).listImagesPaginator(.init(repositoryName: "r")).allPages().flatMap { $0.imageIds ?? [] })
        XCTAssertEqual(looping.requests.count, 2)
    }

    func testAuthorizationDataDecodesAndHidesToken() throws {
        let token = Data("AWS:secret-password".utf8).base64EncodedString()
        let transport = FakeTransport([FakeTransport.json(200, #"{"authorizationData": [{"authorizationToken": "\#(token)", "expiresAt": 1.0, "proxyEndpoint": "https://1.dkr.ecr.us-east-1.amazonaws.com"}]}"#)])
        let data = try XCTUnwrap(makeService(transport).getAuthorizationToken().authorizationData?.first)
        XCTAssertEqual(data.decodedCredentials()?.user, "AWS")
        XCTAssertEqual(data.decodedCredentials()?.password, "secret-password")
        XCTAssertFalse(data.description.contains(token))
    }

    func testRetryQuotaStopsRetriesWhenExhausted() {
        let quota = RetryQuota(capacity: 5)
        let transport = FakeTransport([FakeTransport.json(500, "{}")])
        let executor = AWSRequestExecutor(transport: transport, credentials: StaticCredentialProvider(AWSCredentials(accessKeyId: "a", secretAccessKey: "b")),
                                          retry: RetryPolicy(maxAttempts: 5, jitter: { 0 }), quota: quota, sleep: { _ in })
        let service = ECR(executor: executor, endpoint: URL(string: "https://x")!, region: "us-east-1")
        XCTAssertThrowsError(try service.describeRegistry())
        XCTAssertEqual(transport.requests.count, 2, "one retry costs 5 tokens; then the bucket is empty")
    }

    func testRetryPolicyFromEnvironmentAndBackoffCap() {
        XCTAssertEqual(RetryPolicy.standard(environment: ["AWS_MAX_ATTEMPTS": "7"]).maxAttempts, 7)
        XCTAssertEqual(RetryPolicy.standard(environment: [:], profileValue: "2").maxAttempts, 2)
        XCTAssertEqual(RetryPolicy.standard(environment: [:]).maxAttempts, 3)
        XCTAssertEqual(RetryPolicy(jitter: { 0.99 }).delay(beforeRetry: 10), 20, "capped at 20 s")
    }
}

/// Clock skew: a rejection with the server's Date header far from ours is retried once, signed with
/// the server's time; an ordinary signature mismatch (clocks agree) is not retried.
final class ClockSkewTests: XCTestCase {
    func testSkewedClockIsCorrectedFromTheDateHeader() throws {
        let transport = FakeTransport()
        let serverNow = Date(timeIntervalSince1970: 1_800_000_000 + 3600)
        transport.handler = { request in
            let signedAt = request.headers.value(named: "X-Amz-Date")
            if signedAt == AmzDate(serverNow).timestamp { return FakeTransport.json(200, #"{"registryId": "123456789012"}"#) }
            return FakeTransport.json(400, #"{"__type": "InvalidSignatureException", "message": "Signature expired"}"#,
                                      headers: [HTTPHeader("Date", "Fri, 15 Jan 2027 09:00:00 GMT")])
        }
        XCTAssertEqual(AmzDate(serverNow).timestamp, "20270115T090000Z")
        XCTAssertEqual(try makeService(transport).describeRegistry().registryId, "123456789012")
        XCTAssertEqual(transport.requests.count, 2)
    }

    func testSignatureMismatchWithAgreeingClocksIsNotRetried() {
        let transport = FakeTransport([FakeTransport.json(403, #"{"__type": "SignatureDoesNotMatch", "message": "wrong secret"}"#,
                                                          headers: [HTTPHeader("Date", "Fri, 15 Jan 2027 08:00:30 GMT")])])
        XCTAssertThrowsError(try makeService(transport).describeRegistry()) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "SignatureDoesNotMatch")
        }
        XCTAssertEqual(transport.requests.count, 1)
    }
}
