import Foundation
import PolicyCore
import XCTest

/// Inputs that once crashed the libFuzzer target (Fuzz/run.sh). Each must now parse to findings
/// whose positions are inside the input and count from 1.
final class FuzzRegressionTests: XCTestCase {
    func testCrashInputsParseCleanly() throws {
        let dir = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("fuzz-regressions")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let bytes = try Data(contentsOf: file)
            for kind in PolicyKind.allCases {
                let result = PolicyParser.parse(bytes: bytes, kind: kind, file: file.lastPathComponent)
                for f in result.findings {
                    XCTAssertGreaterThanOrEqual(f.span.start.line, 1, file.lastPathComponent)
                    XCTAssertGreaterThanOrEqual(f.span.start.column, 1, "\(file.lastPathComponent): \(f.message)")
                    XCTAssertLessThanOrEqual(f.span.start.offset, bytes.count, file.lastPathComponent)
                }
            }
        }
    }

    func testUnterminatedStringAfterMultibyteCharacterPointsAtTheQuote() {
        let result = PolicyParser.parse(bytes: [0x22, 0xD5, 0x8B], kind: .repository, file: "x")
        XCTAssertEqual(result.findings.map(\.code), ["JSON_SYNTAX_ERROR"])
        XCTAssertEqual(result.findings.first.map { "\($0.span.start)" }, "1:1")
    }
}
