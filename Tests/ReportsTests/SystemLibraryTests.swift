import CLibXML2
import XCTest
import XMLRuntime

/// Proves libxml2's headers import and its escaping works (this test bundle links libxml2; ecrguard opens it).
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
        let libxml = try LibXML2.load()
        defer { libxml.xmlFree(buffer) }
        let text = String(cString: try XCTUnwrap(buffer))
        XCTAssertTrue(text.contains("<p>&lt;script&gt;&amp;</p>"), text)
    }
}
