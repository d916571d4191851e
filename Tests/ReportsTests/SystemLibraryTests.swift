import CLibXML2
import XCTest

/// Proves libxml2 links and its escaping works through the shim.
final class LibXML2SystemLibraryTests: XCTestCase {
    func testBuildsAndSerialisesEscapedText() throws {
        let doc = try XCTUnwrap(xmlNewDoc("1.0"))
        defer { xmlFreeDoc(doc) }
        let root = xmlNewNode(nil, "p")
        xmlDocSetRootElement(doc, root)
        xmlNodeAddContentLen(root, "<script>&", 9)
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        xmlDocDumpMemory(doc, &buffer, &size)
        defer { ecrg_xml_free(buffer) }
        let text = String(cString: try XCTUnwrap(buffer))
        XCTAssertTrue(text.contains("<p>&lt;script&gt;&amp;</p>"), text)
    }
}
