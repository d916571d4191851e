@testable import ECRClient
import Foundation
import XCTest

/// The default chain with temp files, environments and the fake transport (STS, container, IMDS).
final class CredentialChainTests: XCTestCase {
    var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory() }
    override func tearDown() { dir.remove() }

    private func context(_ env: [String: String], profile: String? = nil, transport: FakeTransport = FakeTransport(),
                         clock: TestClock = TestClock()) -> CredentialContext {
        var environment = env
        environment["HOME"] = dir.url.path
        environment["AWS_EC2_METADATA_DISABLED"] = environment["AWS_EC2_METADATA_DISABLED"] ?? "true"
        let name = profile ?? environment["AWS_PROFILE"] ?? "default"
        return CredentialContext(environment: environment, store: .load(environment: environment), profileName: name,
                                 profileExplicit: profile != nil, transport: transport,
                                 stsEndpoint: EndpointSettings(region: "us-east-1", override: "https://sts.test"),
                                 clock: { clock.now }, sleep: { _ in }, retry: RetryPolicy(maxAttempts: 2, jitter: { 0 }))
    }

    private func resolve(_ context: CredentialContext) throws -> AWSCredentials {
        try CredentialCache(sources: context.defaultSources()).credentials(now: context.clock())
    }

    /// STS's answer to `action` (`AssumeRole` or `AssumeRoleWithWebIdentity`): the result element is
    /// named after the action.
    private static func stsAnswer(_ key: String, expiration: String = "2027-01-15T10:00:00Z", action: String = "AssumeRole") -> FakeTransport.Step {
        .respond(HTTPResponse(status: 200, body: Data("""
        <\(action)Response><\(action)Result><Credentials><AccessKeyId>\(key)</AccessKeyId>
        <SecretAccessKey>sts-secret</SecretAccessKey><SessionToken>sts-token</SessionToken>
        <Expiration>\(expiration)</Expiration></Credentials></\(action)Result></\(action)Response>
        """.utf8)))
    }

    func testEnvironmentKeysWithSessionToken() throws {
        let found = try resolve(context(["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken"]))
        XCTAssertEqual(found.accessKeyId, "AKIDENV")
        XCTAssertEqual(found.sessionToken, "envtoken")
        XCTAssertEqual(found.source, "environment")
    }

    func testEnvironmentBeatsSharedFileButExplicitProfileSkipsEnvironment() throws {
        let creds = try dir.write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = filesecret\n\n[dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=devsecret\naws_session_token=devtoken\n")
        let env = ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SHARED_CREDENTIALS_FILE": creds]
        XCTAssertEqual(try resolve(context(env)).accessKeyId, "AKIDENV")
        let dev = try resolve(context(env, profile: "dev"))
        XCTAssertEqual(dev.accessKeyId, "AKIDDEV")
        XCTAssertEqual(dev.sessionToken, "devtoken")
        // AWS_PROFILE does not disable environment keys (as in the AWS CLI).
        XCTAssertEqual(try resolve(context(env.merging(["AWS_PROFILE": "dev"]) { $1 })).accessKeyId, "AKIDENV")
        XCTAssertEqual(try resolve(context(["AWS_SHARED_CREDENTIALS_FILE": creds, "AWS_PROFILE": "dev"])).accessKeyId, "AKIDDEV")
    }

    func testConfigFileProfileSectionAndCommentsAndCredentialsFileWins() throws {
        let config = try dir.write("config", "# comment\n[profile ops]\nregion = eu-west-1\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = cfgsecret\ns3 =\n  max_concurrent_requests = 4\n")
        let creds = try dir.write("credentials", "; other comment\n[ops]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = credsecret\n")
        let store = ProfileStore.load(environment: ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": creds])
        XCTAssertEqual(store.profile("ops")?["region"], "eu-west-1")
        XCTAssertEqual(store.profile("ops")?["s3.max_concurrent_requests"], "4")
        XCTAssertEqual(store.profile("ops")?["aws_access_key_id"], "AKIDCREDS")
        XCTAssertEqual(try resolve(context(["AWS_CONFIG_FILE": config], profile: "ops")).accessKeyId, "AKIDCONFIG")
    }

    func testMissingExplicitProfileIsAnError() throws {
        XCTAssertThrowsError(try resolve(context([:], profile: "nope"))) { error in
            XCTAssertTrue("\(error)".contains("nope"), "\(error)")
        }
    }

    func testCredentialProcess() throws {
        let script = try dir.write("creds.sh", """
        #!/bin/sh
        echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "procsecret", "SessionToken": "proctoken", "Expiration": "2030-01-01T00:00:00Z"}'
        """, executable: true)
        let config = try dir.write("config", "[profile proc]\ncredential_process = \(script)\n")
        let found = try resolve(context(["AWS_CONFIG_FILE": config], profile: "proc"))
        XCTAssertEqual(found.accessKeyId, "AKIDPROC")
        XCTAssertEqual(found.expiration, ISOTimestamp.parse("2030-01-01T00:00:00Z"))

        let failing = try dir.write("fail.sh", "#!/bin/sh\necho 'SECRET-IN-OUTPUT'\nexit 3\n", executable: true)
        let bad = try dir.write("config2", "[profile bad]\ncredential_process = \(failing)\n")
        XCTAssertThrowsError(try resolve(context(["AWS_CONFIG_FILE": bad], profile: "bad"))) { error in
            XCTAssertTrue("\(error)".contains("status 3"))
            XCTAssertFalse("\(error)".contains("SECRET-IN-OUTPUT"))
        }
    }

    func testAssumeRoleWithSourceProfileSignsWithSourceKeys() throws {
        let config = try dir.write("config", "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n[profile deploy]\nrole_arn = arn:aws:iam::222222222222:role/deploy\nsource_profile = base\nrole_session_name = ci\nexternal_id = ext-1\n")
        let transport = FakeTransport([Self.stsAnswer("ASIAROLE")])
        let found = try resolve(context(["AWS_CONFIG_FILE": config], profile: "deploy", transport: transport))
        XCTAssertEqual(found.accessKeyId, "ASIAROLE")
        XCTAssertEqual(found.sessionToken, "sts-token")
        XCTAssertEqual(found.source, "assume-role")
        let request = try XCTUnwrap(transport.requests.first)
        let body = String(decoding: request.body, as: UTF8.self)
        XCTAssertTrue(body.contains("Action=AssumeRole"))
        XCTAssertTrue(body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2Fdeploy"))
        XCTAssertTrue(body.contains("RoleSessionName=ci"))
        XCTAssertTrue(body.contains("ExternalId=ext-1"))
        XCTAssertTrue(request.headers.value(named: "Authorization")?.contains("Credential=AKIDBASE/") ?? false)
        XCTAssertTrue(request.headers.value(named: "Authorization")?.contains("/us-east-1/sts/aws4_request") ?? false)
    }

    func testSourceProfileCycleIsRefused() throws {
        let config = try dir.write("config", "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n")
        XCTAssertThrowsError(try resolve(context(["AWS_CONFIG_FILE": config], profile: "a"))) { error in
            XCTAssertTrue("\(error)".contains("cycle"), "\(error)")
        }
    }

    func testWebIdentityFromEnvironmentIsUnsignedAndSendsToken() throws {
        let token = try dir.write("token", "header.payload.signature\n")
        let transport = FakeTransport([Self.stsAnswer("ASIAWEB", action: "AssumeRoleWithWebIdentity")])
        let found = try resolve(context(["AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::1:role/web"], transport: transport))
        XCTAssertEqual(found.accessKeyId, "ASIAWEB")
        let request = try XCTUnwrap(transport.requests.first)
        XCTAssertNil(request.headers.value(named: "Authorization"))
        let body = String(decoding: request.body, as: UTF8.self)
        XCTAssertTrue(body.contains("Action=AssumeRoleWithWebIdentity"))
        XCTAssertTrue(body.contains("WebIdentityToken=header.payload.signature"))
    }

    func testContainerCredentialsFullURIWithTokenFile() throws {
        let tokenFile = try dir.write("ecs-token", "container-auth-token\n")
        let transport = FakeTransport([FakeTransport.json(200, #"{"AccessKeyId": "ASIAECS", "SecretAccessKey": "ecssecret", "Token": "ecstoken", "Expiration": "2027-01-01T00:00:00Z"}"#)])
        let found = try resolve(context(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9911/creds", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile], transport: transport))
        XCTAssertEqual(found.accessKeyId, "ASIAECS")
        XCTAssertEqual(transport.requests.first?.urlString, "http://127.0.0.1:9911/creds")
        XCTAssertEqual(transport.requests.first?.headers.value(named: "Authorization"), "container-auth-token")
    }

    func testContainerRelativeURIAndRemoteHTTPRefused() throws {
        let transport = FakeTransport([FakeTransport.json(200, #"{"AccessKeyId": "ASIAREL", "SecretAccessKey": "s", "Token": "t"}"#)])
        XCTAssertEqual(try resolve(context(["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], transport: transport)).accessKeyId, "ASIAREL")
        XCTAssertEqual(transport.requests.first?.urlString, "http://169.254.170.2/v2/credentials/abc")
        XCTAssertThrowsError(try resolve(context(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://evil.example.com/creds"])))
    }

    func testInstanceMetadataV2Flow() throws {
        let transport = FakeTransport()
        transport.handler = { request in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                return request.headers.value(named: "X-aws-ec2-metadata-token-ttl-seconds") == "21600"
                    ? .respond(HTTPResponse(status: 200, body: Data("imds-session-token".utf8))) : FakeTransport.json(400, "{}")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return request.headers.value(named: "X-aws-ec2-metadata-token") == "imds-session-token"
                    ? .respond(HTTPResponse(status: 200, body: Data("app-role\n".utf8))) : FakeTransport.json(401, "{}")
            case ("GET", "/latest/meta-data/iam/security-credentials/app-role"):
                return FakeTransport.json(200, #"{"Code": "Success", "AccessKeyId": "ASIAIMDS", "SecretAccessKey": "imdssecret", "Token": "imdstoken", "Expiration": "2027-01-01T00:00:00Z"}"#)
            default:
                return FakeTransport.json(404, "{}")
            }
        }
        let found = try resolve(context(["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9912"], transport: transport))
        XCTAssertEqual(found.accessKeyId, "ASIAIMDS")
        XCTAssertEqual(found.source, "ec2-instance-metadata")
    }

    func testNoCredentialsAnywhereIsAClearError() {
        let transport = FakeTransport([.fail(TransportError(kind: .connectionFailed, message: "no route", url: "http://169.254.169.254"))])
        XCTAssertThrowsError(try resolve(context(["AWS_EC2_METADATA_DISABLED": "false"], transport: transport))) { error in
            XCTAssertTrue("\(error)".contains("no credentials found"), "\(error)")
        }
    }

    /// IMDS answering 403 (or 404, or not at all) is "no credentials here": the chain's typed error lists
    /// every source with IMDS's answer, and is not the IMDS service error itself.
    func testInstanceMetadataErrorsEndTheChainWithNoCredentialsFound() {
        let answers: [(FakeTransport.Step, String)] = [
            (FakeTransport.json(403, "{}"), "HTTP 403"),
            (FakeTransport.json(404, "{}"), "HTTP 404"),
            (.fail(TransportError(kind: .connectionFailed, message: "refused", url: "http://127.0.0.1:9")), "no answer from http://127.0.0.1:9: connection failed"),
        ]
        for (answer, reason) in answers {
            let transport = FakeTransport([answer])
            let env = ["AWS_EC2_METADATA_DISABLED": "false", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"]
            XCTAssertThrowsError(try resolve(context(env, transport: transport))) { error in
                guard case AWSClientError.noCredentials(let notFound) = error else { return XCTFail("\(reason): \(error)") }
                XCTAssertEqual(notFound.attempts.map(\.source), ["environment", "assume-role (profile default)", "web-identity", "profile default",
                                                                "container", "ec2-instance-metadata"])
                XCTAssertEqual(notFound.attempts.last?.reason, reason)
                XCTAssertTrue("\(error)".hasPrefix("no credentials found (tried: environment, "), "\(error)")
                XCTAssertTrue("\(error)".contains("ec2-instance-metadata (\(reason)))"), "\(error)")
            }
        }
    }

    /// A source that is configured but whose endpoint fails is a credentials error naming the source.
    func testFailingCredentialEndpointIsACredentialsErrorNamingTheSource() {
        let transport = FakeTransport([FakeTransport.json(500, #"{"message": "broken"}"#), FakeTransport.json(500, #"{"message": "broken"}"#)])
        XCTAssertThrowsError(try resolve(context(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/creds"], transport: transport))) { error in
            guard case AWSClientError.credentials(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.hasPrefix("container: "), message)
        }
    }

    func testTemporaryCredentialsRefreshBeforeExpiryOnly() throws {
        let clock = TestClock(ISOTimestamp.parse("2027-01-15T09:00:00Z")!)
        let config = try dir.write("config", "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = basesecret\n[profile deploy]\nrole_arn = arn:aws:iam::2:role/d\nsource_profile = base\n")
        let transport = FakeTransport([Self.stsAnswer("ASIAONE", expiration: "2027-01-15T10:00:00Z"), Self.stsAnswer("ASIATWO", expiration: "2027-01-15T11:00:00Z")])
        let ctx = context(["AWS_CONFIG_FILE": config], profile: "deploy", transport: transport, clock: clock)
        let cache = CredentialCache(sources: ctx.defaultSources(), refreshMargin: 300)
        XCTAssertEqual(try cache.credentials(now: clock.now).accessKeyId, "ASIAONE")
        clock.advance(50 * 60)  // 09:50: ten minutes left, still valid
        XCTAssertEqual(try cache.credentials(now: clock.now).accessKeyId, "ASIAONE")
        XCTAssertEqual(cache.resolutions, 1)
        clock.advance(6 * 60)  // 09:56: inside the five-minute margin
        XCTAssertEqual(try cache.credentials(now: clock.now).accessKeyId, "ASIATWO")
        XCTAssertEqual(cache.resolutions, 2)
        XCTAssertEqual(transport.requests.count, 2)
    }

    func testCredentialsDescriptionHidesSecrets() {
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "very-secret-key", sessionToken: "very-secret-token")
        XCTAssertFalse(credentials.description.contains("very-secret"))
        XCTAssertFalse("\(credentials)".contains("very-secret"))
    }
}
