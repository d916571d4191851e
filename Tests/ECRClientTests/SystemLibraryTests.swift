import CCurl
import COpenSSL
import XCTest

/// Proves the two system libraries of the ECR client link and answer.
final class SystemLibraryTests: XCTestCase {
    func testOpenSSLComputesKnownSHA256() {
        let input = Array("abc".utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        _ = SHA256(input, input.count, &digest)
        let hex = digest.map { String(format: "%02x", $0) }.joined()
        XCTAssertEqual(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testLibcurlReportsVersionAndSSL() throws {
        let info = try XCTUnwrap(curl_version_info(ECRG_CURLVERSION_NOW))
        let version = String(cString: info.pointee.version)
        XCTAssertTrue(version.hasPrefix("7.") || version.hasPrefix("8."), "unexpected libcurl version \(version)")
        XCTAssertNotNil(info.pointee.ssl_version, "libcurl must be built with TLS")
    }
}
