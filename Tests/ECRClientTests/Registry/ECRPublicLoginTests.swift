import ECRClient
import Foundation
@testable import Registry
import TestSupport
import XCTest

/// ECR Public (`public.ecr.aws`) logins against a loopback stub of ECR Public's GetAuthorizationToken
/// (Servers/stub_ecr_public_server.py; moto has no ECR Public), reached through AWS_ENDPOINT_URL_ECR_PUBLIC.
/// The stub checks the SigV4 signature (scope us-east-1/ecr-public) with botocore.
final class ECRPublicLoginTests: XCTestCase {
    nonisolated(unsafe) static var answering: ServerProcess?
    nonisolated(unsafe) static var refusing: ServerProcess?
    nonisolated(unsafe) static var startError: String?

    static let script = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/stub_ecr_public_server.py").path
    static let password = "ecr-public-stub-password-AKIASTUBPUBLIC"

    override class func setUp() {
        super.setUp()
        guard let python = ServerProcess.which("python3") else { startError = "python3 missing"; return }
        do {
            answering = try ServerProcess(executable: python, arguments: [script, "PORT"])
            refusing = try ServerProcess(executable: python, arguments: [script, "PORT", "--fail"])
        } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        answering?.stop()
        refusing?.stop()
        super.tearDown()
    }

    private func stub(_ which: ServerProcess?) throws -> ServerProcess {
        _ = try requireBinary("python3")
        guard let which else { XCTFail("stub did not start: \(Self.startError ?? "?")"); throw ServerError("no stub") }
        return which
    }

    private func environment(_ stub: ServerProcess, secret: String = "stub-secret", _ extra: [String: String] = [:]) -> [String: String] {
        childEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIASTUBPUBLIC", "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": "eu-west-1",
            "AWS_ENDPOINT_URL_ECR_PUBLIC": stub.baseURL, "AWS_MAX_ATTEMPTS": "1",
        ].merging(extra) { $1 })
    }

    func testCredentialHelperGetAnswersPublicECRWithTheECRPublicToken() throws {
        let stub = try stub(Self.answering)
        let home = try TemporaryDirectory(); defer { home.remove() }
        let result = try runCommand(builtExecutable("docker-credential-ecrguard").path, ["get"],
                                    environment: environment(stub, ["HOME": home.url.path]), stdin: Data("public.ecr.aws".utf8))
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(result.stdout, #"{"Secret":"\#(Self.password)","ServerURL":"public.ecr.aws","Username":"AWS"}"# + "\n")
        // A second get is answered from the cache (no second token request).
        let again = try runCommand(builtExecutable("docker-credential-ecrguard").path, ["get"],
                                   environment: environment(stub, ["HOME": home.url.path]), stdin: Data("https://public.ecr.aws".utf8))
        XCTAssertEqual(again.stdout, #"{"Secret":"\#(Self.password)","ServerURL":"https://public.ecr.aws","Username":"AWS"}"# + "\n")
    }

    func testCredentialHelperWithABadSignatureAnswersNotFoundWithoutASecret() throws {
        let stub = try stub(Self.answering)
        let home = try TemporaryDirectory(); defer { home.remove() }
        let result = try runCommand(builtExecutable("docker-credential-ecrguard").path, ["get"],
                                    environment: environment(stub, secret: "wrong-secret", ["HOME": home.url.path]), stdin: Data("public.ecr.aws".utf8))
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, ECRCredentialHelper.notFound + "\n")
        XCTAssertTrue(result.stderr.contains("InvalidSignatureException"), result.stderr)
        XCTAssertFalse(result.stderr.contains("wrong-secret"))
    }

    func testLoginStoresThePublicTokenAndDebugNeverPrintsIt() throws {
        let stub = try stub(Self.answering)
        let docker = try TemporaryDirectory(); defer { docker.remove() }
        let login = try runCommand(ecrguardPath(), ["ecr", "login", "public.ecr.aws", "--debug"],
                                   environment: environment(stub, ["DOCKER_CONFIG": docker.url.path]))
        XCTAssertEqual(login.status, 0, login.stderr)
        let config = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: docker.url.appendingPathComponent("config.json"))) as? [String: Any])
        let auths = try XCTUnwrap(config["auths"] as? [String: [String: String]])
        let basic = Data("AWS:\(Self.password)".utf8).base64EncodedString()
        XCTAssertEqual(auths["public.ecr.aws"]?["auth"], basic)
        XCTAssertTrue(login.stderr.contains(stub.baseURL), "the debug log names the ECR Public endpoint: \(login.stderr)")
        for output in [login.stdout, login.stderr] {
            XCTAssertFalse(output.contains(Self.password), "the password is never printed")
            XCTAssertFalse(output.contains(basic), "nor the token")
            XCTAssertFalse(output.contains(Data("AWS:\(Self.password)".utf8).base64EncodedString()))
        }
    }

    func testLoginAndPullFailClearlyWhenTheTokenRequestFails() throws {
        let stub = try stub(Self.refusing)
        let docker = try TemporaryDirectory(); defer { docker.remove() }
        let login = try runCommand(ecrguardPath(), ["ecr", "login", "public.ecr.aws"], environment: environment(stub, ["DOCKER_CONFIG": docker.url.path]))
        XCTAssertNotEqual(login.status, 0)
        XCTAssertTrue(login.stderr.contains("AccessDeniedException"), login.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: docker.url.appendingPathComponent("config.json").path), "nothing is written")
        // Credentials are there but the token request fails: an error, not an anonymous pull.
        let pull = try runCommand(ecrguardPath(), ["pull", "public.ecr.aws/stub/image:latest", docker.url.appendingPathComponent("layout").path, "--no-progress"],
                                  environment: environment(stub, ["DOCKER_CONFIG": docker.url.path]))
        XCTAssertNotEqual(pull.status, 0)
        XCTAssertTrue(pull.stderr.contains("AccessDeniedException") && pull.stderr.contains("GetAuthorizationToken"), pull.stderr)
    }
}
