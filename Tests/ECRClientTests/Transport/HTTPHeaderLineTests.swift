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

    /// Every scalar of the Basic Multilingual Plane and a few beyond it, at both ends, trimmed exactly
    /// as `.whitespacesAndNewlines` (the line) and `.whitespaces` (name and value) trim it.
    func testTrimsAsFoundationTrims() {
        for value in Array(UInt32(0)...0xFFFF) + [0x1F600, 0xE0020, 0x10FFFF] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var text = "x y"
            text.unicodeScalars.insert(scalar, at: text.unicodeScalars.startIndex)
            text.unicodeScalars.append(scalar)
            let hex = String(value, radix: 16)
            XCTAssertEqual(HTTPHeaderLine.trimmed(Substring(text), newlines: true), text.trimmingCharacters(in: .whitespacesAndNewlines), hex)
            XCTAssertEqual(HTTPHeaderLine.trimmed(Substring(text), newlines: false), text.trimmingCharacters(in: .whitespaces), hex)
        }
        let mixed = "\u{200B}\t \r\n\u{3000}a: b\u{A0}\r\n"
        XCTAssertEqual(HTTPHeaderLine.trimmed(Substring(mixed), newlines: true), mixed.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
