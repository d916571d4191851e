@testable import ECRClient
import Foundation
import TestSupport
import XCTest

/// Runs every header-signing case of the AWS SigV4 test suite in Tests/Fixtures/sigv4-test-suite/v4:
/// canonical request, string to sign, signature and the Authorization header must match exactly.
final class SigV4TestSuiteTests: XCTestCase {
    struct Context: Decodable {
        struct Credentials: Decodable {
            var access_key_id: String
            var secret_access_key: String
            var token: String?
        }
        var credentials: Credentials
        var normalize: Bool
        var region: String
        var service: String
        var sign_body: Bool
        var timestamp: String
        var omit_session_token: Bool?
    }

    func testEveryHeaderSigningCase() throws {
        let suite = try TestRequirements.fixture("sigv4-test-suite/v4")
        let cases = try FileManager.default.contentsOfDirectory(atPath: suite.path).sorted()
        var ran = 0
        for name in cases {
            let dir = suite.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: dir.appendingPathComponent("header-signature.txt").path) else { continue }
            try runCase(name, dir)
            ran += 1
        }
        XCTAssertGreaterThanOrEqual(ran, 38, "expected every case of the suite to run")
    }

    private func runCase(_ name: String, _ dir: URL) throws {
        func read(_ file: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) }
        let context = try JSONDecoder().decode(Context.self, from: Data(read("context.json").utf8))
        let request = try Self.parseRequest(read("request.txt"))
        let date = try XCTUnwrap(ISO8601DateFormatter().date(from: context.timestamp), name)
        let credentials = AWSCredentials(accessKeyId: context.credentials.access_key_id,
                                         secretAccessKey: context.credentials.secret_access_key,
                                         sessionToken: context.credentials.token)
        let signer = SigV4Signer(service: context.service, region: context.region, options: .init(
            normalizePath: context.normalize, signBody: context.sign_body,
            omitSessionTokenFromSignature: context.omit_session_token ?? false))
        let result = signer.sign(request, credentials: credentials, date: date)
        XCTAssertEqual(result.canonicalRequest.text, try read("header-canonical-request.txt"), "\(name): canonical request")
        XCTAssertEqual(result.stringToSign, try read("header-string-to-sign.txt"), "\(name): string to sign")
        XCTAssertEqual(result.signature, try read("header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines), "\(name): signature")
        let expectedAuthorization = try read("header-signed-request.txt").split(separator: "\n")
            .first { $0.hasPrefix("Authorization:") }.map { String($0.dropFirst("Authorization:".count)) }
        XCTAssertEqual(result.request.headers.value(named: "Authorization"), expectedAuthorization, "\(name): Authorization header")
        if let token = context.credentials.token {
            XCTAssertEqual(result.request.headers.value(named: "X-Amz-Security-Token"), token, "\(name): token header sent")
        }
    }

    /// Parses the suite's raw HTTP request: request line, headers with folded continuation lines, body.
    static func parseRequest(_ text: String) throws -> HTTPRequest {
        var lines = text.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let versionRange = requestLine.range(of: " HTTP/", options: .backwards) else {
            throw NSError(domain: "sigv4-suite", code: 1, userInfo: [NSLocalizedDescriptionKey: "bad request line \(requestLine)"])
        }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<versionRange.lowerBound])
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [HTTPHeader] = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody { bodyLines.append(line); continue }
            if line.isEmpty { inBody = true; continue }
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            headers.append(HTTPHeader(String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
        }
        let host = headers.value(named: "Host") ?? ""
        return HTTPRequest(method: method, host: host, path: String(pathAndQuery[0]),
                           query: pathAndQuery.count > 1 ? String(pathAndQuery[1]) : "",
                           headers: headers, body: Data(bodyLines.joined(separator: "\n").utf8))
    }
}
