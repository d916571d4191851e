import PolicyChecks
import PolicyCore
import XCTest

final class RuleCatalogTests: XCTestCase {
    func testCodesAreUniqueAndDescribed() {
        let descriptors = RuleCatalog.descriptors + GateDescriptors.all
        XCTAssertEqual(Set(descriptors.map(\.code)).count, descriptors.count, "duplicate codes")
        for d in descriptors {
            XCTAssertTrue(d.code.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }, d.code)
            XCTAssertFalse(d.title.isEmpty || d.title.hasSuffix("."), "\(d.code) title: \(d.title)")
            XCTAssertTrue(d.help.hasSuffix("."), "\(d.code) help should be sentences: \(d.help)")
        }
    }

    func testAccessAnalysisCodesAreSecurityWarnings() {
        for code in ["PUBLIC_ACCESS", "OVERBROAD_WRITE_ACCESS", "ALLOW_WITH_NOT_PRINCIPAL"] {
            XCTAssertEqual(RuleCatalog.descriptor(for: code)?.category, .securityWarning, code)
        }
        XCTAssertEqual(RuleCatalog.descriptor(for: "EXTERNAL_ACCESS")?.severity, .info)
    }
}
