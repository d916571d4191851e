@testable import ECRClient
import Foundation
import XCTest

final class SecretRedactorTests: XCTestCase {
    func testSignatureTokensAndBodySecretsAreMasked() {
        let text = """
        Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0123456789abcdef0123
        X-Amz-Security-Token: FwoGZXIvYXdzEJr//////////wEaDH
        X-aws-ec2-metadata-token: AQAEAimds==
           Authorization: container-auth-token
        {"authorizationToken": "QVdTOnBhc3N3b3Jk", "SecretAccessKey": "wJalr\\"XUtn", "Token": "tok"}
        <SecretAccessKey>stssecret</SecretAccessKey><SessionToken>ststoken</SessionToken>
        Action=AssumeRoleWithWebIdentity&WebIdentityToken=eyJhbGci.payload.sig&Version=1
        """
        let redacted = SecretRedactor().redact(text)
        for secret in ["0123456789abcdef0123", "FwoGZXIvYXdzEJr", "AQAEAimds", "container-auth-token", "QVdTOnBhc3N3b3Jk", "wJalr", "\"tok\"", "stssecret", "ststoken", "eyJhbGci"] {
            XCTAssertFalse(redacted.contains(secret), "\(secret) leaked in:\n\(redacted)")
        }
        XCTAssertTrue(redacted.contains("Credential=AKID/20260101/us-east-1/ecr/aws4_request"), "the key id and scope stay readable")
        XCTAssertTrue(redacted.contains("Action=AssumeRoleWithWebIdentity"))
    }

    func testLiteralSecretsAreMaskedAnywhere() {
        let log = LockedLines()
        let debug = DebugLog { log.append($0) }
        debug.addSecret("my-literal-secret")
        debug.log("error text with my-literal-secret inside")
        XCTAssertEqual(log.lines, ["error text with <redacted> inside"])
    }
}

/// Collects log lines from any thread.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    func append(_ line: String) { lock.lock(); storage.append(line); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return storage }
    var joined: String { lines.joined(separator: "\n") }
}
