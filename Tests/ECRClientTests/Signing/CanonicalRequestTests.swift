@testable import ECRClient
import Foundation
import XCTest

/// Canonical-request rules on their own, including the ECR request shape.
final class CanonicalRequestTests: XCTestCase {
    func testQueryIsDecodedReencodedAndSortedByKeyThenValue() {
        XCTAssertEqual(CanonicalRequest.canonicalQuery("b=2&a=z&a=y&c"), "a=y&a=z&b=2&c=")
        XCTAssertEqual(CanonicalRequest.canonicalQuery("k=a+b%2Fc&sp=%20"), "k=a%2Bb%2Fc&sp=%20")
    }

    func testPathNormalizationKeepsTrailingSlashAndEncodesOnce() {
        XCTAssertEqual(CanonicalRequest.canonicalURI("/a/./b/../c/", normalize: true), "/a/c/")
        XCTAssertEqual(CanonicalRequest.canonicalURI("//a//", normalize: false), "//a//")
        XCTAssertEqual(CanonicalRequest.canonicalURI("/a b/ü", normalize: true), "/a%20b/%C3%BC")
        XCTAssertEqual(CanonicalRequest.canonicalURI("", normalize: true), "/")
        XCTAssertEqual(CanonicalRequest.canonicalURI("/", normalize: true), "/")
    }

    func testHeaderValuesAreTrimmedAndDuplicatesJoined() {
        let request = HTTPRequest(method: "post", host: "h", headers: [
            HTTPHeader("X-B", "  two   words "), HTTPHeader("x-a", "1"), HTTPHeader("X-A", "2"),
            HTTPHeader("User-Agent", "not signed"),
        ])
        let canonical = CanonicalRequest(request: request)
        XCTAssertEqual(canonical.method, "POST")
        XCTAssertEqual(canonical.headers, "x-a:1,2\nx-b:two words\n")
        XCTAssertEqual(canonical.signedHeaders, "x-a;x-b")
    }

    func testECRRequestSignsHostWithPortTargetAndContentType() {
        let request = HTTPRequest(method: "POST", scheme: "http", host: "127.0.0.1", port: 5000, headers: [
            HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
            HTTPHeader("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.DescribeRegistry"),
        ], body: Data("{}".utf8))
        let result = SigV4Signer(service: "ecr", region: "us-east-1").sign(
            request, credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "tok"),
            date: Date(timeIntervalSince1970: 1_440_938_160))
        XCTAssertEqual(result.canonicalRequest.signedHeaders, "content-type;host;x-amz-date;x-amz-security-token;x-amz-target")
        XCTAssertTrue(result.canonicalRequest.headers.contains("host:127.0.0.1:5000\n"))
        XCTAssertEqual(result.canonicalRequest.payloadHash, CryptoDigest.sha256Hex(Data("{}".utf8)))
        XCTAssertTrue(result.stringToSign.contains("20150830/us-east-1/ecr/aws4_request"))
        XCTAssertEqual(result.request.headers.value(named: "X-Amz-Date"), "20150830T123600Z")
    }

    func testSigningTwiceReplacesOldSignatureHeaders() {
        let signer = SigV4Signer(service: "ecr", region: "eu-west-1")
        let credentials = AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret")
        let once = signer.sign(HTTPRequest(method: "GET", host: "h"), credentials: credentials, date: Date(timeIntervalSince1970: 0))
        let twice = signer.sign(once.request, credentials: credentials, date: Date(timeIntervalSince1970: 60))
        XCTAssertEqual(twice.request.headers.filter { $0.name == "Authorization" }.count, 1)
        XCTAssertEqual(twice.request.headers.value(named: "X-Amz-Date"), "19700101T000100Z")
        XCTAssertNotEqual(once.signature, twice.signature)
    }

    /// The dates are zero-padded without `String(format:)`, as `%0Nd` pads them.
    func testAmzDateDigitsPadAsPrintfDoes() {
        for value in [-12_345, -1_000, -999, -10, -9, -1, 0, 1, 9, 10, 59, 99, 100, 999, 1_000, 2_026, 9_999, 10_000, 123_456] {
            for width in [2, 4] {
                XCTAssertEqual(AmzDate.digits(value, width), String(format: "%0\(width)d", value), "\(value) width \(width)")
            }
        }
        XCTAssertEqual(AmzDate(Date(timeIntervalSince1970: -62_135_596_800)).timestamp, "00010101T000000Z")
        XCTAssertEqual(AmzDate(Date(timeIntervalSince1970: 253_402_300_799)).day, "99991231")
    }

    func testAmzDateAcrossLeapYear() {
        XCTAssertEqual(AmzDate(Date(timeIntervalSince1970: 951_782_400)).timestamp, "20000229T000000Z")
        XCTAssertEqual(AmzDate(Date(timeIntervalSince1970: 1_700_000_000.9)).timestamp, "20231114T221320Z")
    }

    /// The written-out whitespace collapse gives what the standard library's `split` and `joined`
    /// gave (a "\r\n" pair is one Character, which neither treats as a separator).
    func testWrittenOutWhitespaceCollapseMatchesTheStandardLibrary() {
        let values = ["", " ", "a", "  a  b\t\tc  ", "\ta\n b\r", "x\r\ny", "é \u{301} 😀", "\n\n", "a  ", "  a"]
        for value in values {
            let expected = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
            XCTAssertEqual(CanonicalRequest.canonicalHeaderValue(value), expected, "\(value.debugDescription)")
        }
    }
}
