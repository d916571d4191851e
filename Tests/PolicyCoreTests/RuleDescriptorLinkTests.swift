import PolicyCore
import XCTest

/// Reports that render links (HTML, the diff's Markdown) link a rule's documentation only over https.
final class RuleDescriptorLinkTests: XCTestCase {
    func testOnlyHTTPSAddressesAreLinkable() {
        func rule(_ uri: String?) -> RuleDescriptor {
            RuleDescriptor(code: "C", severity: .low, category: .warning, title: "t", help: "h", helpURI: uri)
        }
        XCTAssertEqual(rule("https://docs.aws.amazon.com/AmazonECR/latest/userguide/").linkableHelpURI,
                       "https://docs.aws.amazon.com/AmazonECR/latest/userguide/")
        for uri in ["javascript:alert(1)", "http://example.com/", "HTTPS-like text", "", "data:text/html,x"] {
            XCTAssertNil(rule(uri).linkableHelpURI, uri)
            XCTAssertEqual(rule(uri).helpURI, uri, "helpURI itself is kept as written")
        }
        XCTAssertNil(rule(nil).linkableHelpURI)
    }
}
