@testable import ECRClient
import Foundation
import XCTest

/// moto with signature verification on (INITIAL_NO_AUTH_ACTION_COUNT=3): the first three calls create
/// an IAM user, its access key and an allow-all policy; from then on moto recomputes every signature.
final class MotoSignatureVerificationTests: MotoTestCase {
    override class var motoEnvironment: [String: String] { ["INITIAL_NO_AUTH_ACTION_COUNT": "3"] }

    nonisolated(unsafe) static var key: (id: String, secret: String)?

    /// Creates the IAM user and key once per class (exactly the three unauthenticated actions).
    private func accessKey() throws -> (id: String, secret: String) {
        if let key = Self.key { return key }
        let server = try moto(needsAWSCLI: true)
        let user = try server.aws(["iam", "create-user", "--user-name", "ci"])
        XCTAssertEqual(user.status, 0, user.stderr)
        let created = try server.aws(["iam", "create-access-key", "--user-name", "ci"])
        XCTAssertEqual(created.status, 0, created.stderr)
        let policy = try server.aws(["iam", "put-user-policy", "--user-name", "ci", "--policy-name", "all",
                                     "--policy-document", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#])
        XCTAssertEqual(policy.status, 0, policy.stderr)
        let json = try JSONValue.parse(created.stdout)
        let key = (try XCTUnwrap(json["AccessKey"]?["AccessKeyId"]?.stringValue), try XCTUnwrap(json["AccessKey"]?["SecretAccessKey"]?.stringValue))
        Self.key = key
        return key
    }

    func testRightSecretSucceedsWrongSecretIsRejected() throws {
        let key = try accessKey()
        let server = try moto()
        let good = try server.service(accessKey: key.id, secret: key.secret)
        let name = unique("signed")
        XCTAssertEqual(try good.createRepository(.init(repositoryName: name)).repository?.repositoryName, name)
        XCTAssertEqual(try good.describeRegistry().registryId, "123456789012")

        let bad = try server.service(accessKey: key.id, secret: key.secret + "x")
        XCTAssertThrowsError(try bad.describeRepositories(.init(repositoryNames: [name]))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "SignatureDoesNotMatch")
        }
        let unknown = try server.service(accessKey: "AKIAUNKNOWNKEY000000", secret: key.secret)
        XCTAssertThrowsError(try unknown.describeRegistry()) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "InvalidClientTokenId")
        }
    }

    func testBodyChangedAfterSigningIsRejected() throws {
        let key = try accessKey()
        let server = try moto()
        let tampering = TamperingTransport(inner: try CurlTransport())
        let ecr = try server.service(accessKey: key.id, secret: key.secret, transport: tampering)
        XCTAssertThrowsError(try ecr.createRepository(.init(repositoryName: unique("tampered")))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, "SignatureDoesNotMatch")
        }
    }

    func testCLIWithWrongSecretExitsTwoWithoutLeakingIt() throws {
        let key = try accessKey()
        let server = try moto()
        let ok = try server.ecrguard(["describe-registry"], environment: ["AWS_ACCESS_KEY_ID": key.id, "AWS_SECRET_ACCESS_KEY": key.secret])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        // Change the last character to a different one: moto's secrets are random base64, so a fixed
        // replacement ("Z") equals the real last character in about one run in 64 and signs correctly.
        let wrong = key.secret.dropLast() + (key.secret.last == "Z" ? "Y" : "Z")
        XCTAssertNotEqual(String(wrong), key.secret)
        let denied = try server.ecrguard(["describe-registry", "--debug"], environment: ["AWS_ACCESS_KEY_ID": key.id, "AWS_SECRET_ACCESS_KEY": String(wrong)])
        XCTAssertEqual(denied.status, 2)
        XCTAssertTrue(denied.stderr.contains("An error occurred (SignatureDoesNotMatch) when calling the DescribeRegistry operation"), denied.stderr)
        XCTAssertFalse(denied.stderr.contains(String(wrong)))
        XCTAssertFalse(denied.stdout.contains(String(wrong)))
    }
}

/// Changes the body after it was signed, as a man in the middle would.
final class TamperingTransport: HTTPTransport, @unchecked Sendable {
    let inner: any HTTPTransport
    init(inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        var changed = request
        changed.body = Data(String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: "tampered", with: "tamperex").utf8)
        return try inner.send(changed)
    }
}
