import ECRClient
import Foundation
import XCTest

/// `ProcessEnvironment.current()` reads `environ` itself; it must give what Foundation gives.
final class ProcessEnvironmentTests: XCTestCase {
    func testSameVariablesAsFoundation() {
        XCTAssertEqual(ProcessEnvironment.current(), ProcessInfo.processInfo.environment)
        XCTAssertFalse(ProcessEnvironment.current().isEmpty)
    }

    func testValueKeepsLaterEqualsSignsAndUnicode() {
        let name = "ECRGUARD_TEST_ENVIRONMENT_VALUE"
        setenv(name, "a=b==c é ☃", 1)
        defer { unsetenv(name) }
        XCTAssertEqual(ProcessEnvironment.current()[name], "a=b==c é ☃")
        setenv(name, "", 1)
        XCTAssertEqual(ProcessEnvironment.current()[name], "")
        unsetenv(name)
        XCTAssertNil(ProcessEnvironment.current()[name])
    }

    func testUTF8DataMatchesFoundationsCopy() {
        for text in ["", "{}", "plain ASCII", "é ☃ 𝄞 \u{0}", String(repeating: "x", count: 100_000)] {
            XCTAssertEqual(Data(utf8Of: text), Data(text.utf8))
        }
        let bridged = NSString(string: "naïve").description
        XCTAssertEqual(Data(utf8Of: bridged), Data("naïve".utf8))
    }
}
