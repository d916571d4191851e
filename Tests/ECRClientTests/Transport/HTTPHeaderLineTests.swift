@testable import ECRClient
import Foundation
import XCTest

/// The header lines libcurl hands over, split and trimmed as Foundation's `trimmingCharacters`
/// trimmed them before (`HTTPHeaderLine` does it without bridging to NSString).
final class HTTPHeaderLineTests: XCTestCase {
    private func line(_ text: String) -> HTTPHeaderLine {
        Array(text.utf8).withUnsafeBytes { HTTPHeaderLine($0) }
    }

    func testStatusHeadersAndTheBlankLine() {
        XCTAssertEqual(line("HTTP/1.1 200 OK\r\n"), .status("HTTP/1.1 200 OK"))
        XCTAssertEqual(line("Content-Type: application/x-amz-json-1.1\r\n"), .header(HTTPHeader("Content-Type", "application/x-amz-json-1.1")))
        XCTAssertEqual(line("x-amzn-RequestId :\t a:b:c \r\n"), .header(HTTPHeader("x-amzn-RequestId", "a:b:c")))
        XCTAssertEqual(line("Empty:\r\n"), .header(HTTPHeader("Empty", "")))
        XCTAssertEqual(line("\r\n"), .other)
        XCTAssertEqual(line(""), .other)
    }

    /// Trimmed as Foundation trims (`trimmingBlanks`; `ASCIISearchTests` compares it for every scalar).
    func testTrimsAsFoundationTrims() {
        let mixed = "\u{200B}\t \r\n\u{3000}a\u{2028}: b\u{A0}\r\n"
        XCTAssertEqual(line(mixed), .header(HTTPHeader("a\u{2028}", "b")))
        XCTAssertEqual(mixed.trimmingCharacters(in: .whitespacesAndNewlines), "a\u{2028}: b")
    }
}
