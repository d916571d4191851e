import CLibXML2
import Dispatch
import Glibc
@testable import XMLRuntime
import XCTest

/// The table `LibXML2` loads with dlopen, against the libxml2 this test bundle links directly (the
/// bundle may link it; the ecrguard binary does not).
final class LibXML2Tests: XCTestCase {
    /// Each entry is the function of its name, and converting the linked function to the entry's
    /// type compiles: the entry has the headers' C signature. Every entry of the table is checked.
    func testEveryEntryIsTheLinkedFunctionWithItsSignature() throws {
        let libxml = try LibXML2.load()
        var checked: [String] = []
        func entry<Function>(_ name: String, _ keyPath: KeyPath<LibXML2, Function>, is linked: Function) {
            checked.append(name)
            // A C function pointer is one address; a Swift closure would be two words.
            guard MemoryLayout<Function>.size == MemoryLayout<UnsafeRawPointer>.size else {
                return XCTFail("\(name): \(Function.self) is not a C function pointer")
            }
            let loaded = unsafeBitCast(libxml[keyPath: keyPath], to: UnsafeRawPointer.self)
            XCTAssertEqual(loaded, unsafeBitCast(linked, to: UnsafeRawPointer.self), name)
            XCTAssertEqual(loaded, dlsym(nil, name).map(UnsafeRawPointer.init), name)
        }
        entry("xmlReadMemory", \.xmlReadMemory, is: xmlReadMemory)
        entry("htmlReadMemory", \.htmlReadMemory, is: htmlReadMemory)
        entry("xmlNewParserCtxt", \.xmlNewParserCtxt, is: xmlNewParserCtxt)
        entry("xmlCtxtReadMemory", \.xmlCtxtReadMemory, is: xmlCtxtReadMemory)
        entry("xmlFreeParserCtxt", \.xmlFreeParserCtxt, is: xmlFreeParserCtxt)
        entry("xmlNewDoc", \.xmlNewDoc, is: xmlNewDoc)
        entry("htmlNewDocNoDtD", \.htmlNewDocNoDtD, is: htmlNewDocNoDtD)
        entry("xmlFreeDoc", \.xmlFreeDoc, is: xmlFreeDoc)
        entry("xmlCreateIntSubset", \.xmlCreateIntSubset, is: xmlCreateIntSubset)
        entry("xmlDocGetRootElement", \.xmlDocGetRootElement, is: xmlDocGetRootElement)
        entry("xmlDocSetRootElement", \.xmlDocSetRootElement, is: xmlDocSetRootElement)
        entry("xmlNewDocNode", \.xmlNewDocNode, is: xmlNewDocNode)
        entry("xmlNewDocText", \.xmlNewDocText, is: xmlNewDocText)
        entry("xmlNewProp", \.xmlNewProp, is: xmlNewProp)
        entry("xmlAddChild", \.xmlAddChild, is: xmlAddChild)
        entry("xmlFreeNode", \.xmlFreeNode, is: xmlFreeNode)
        entry("xmlNodeGetContent", \.xmlNodeGetContent, is: xmlNodeGetContent)
        entry("xmlStrdup", \.xmlStrdup, is: xmlStrdup)
        entry("htmlTagLookup", \.htmlTagLookup, is: htmlTagLookup)
        entry("htmlIsBooleanAttr", \.htmlIsBooleanAttr, is: htmlIsBooleanAttr)
        entry("htmlDocDumpMemoryFormat", \.htmlDocDumpMemoryFormat, is: htmlDocDumpMemoryFormat)
        entry("xmlDocDumpFormatMemoryEnc", \.xmlDocDumpFormatMemoryEnc, is: xmlDocDumpFormatMemoryEnc)
        entry("xmlAllocOutputBuffer", \.xmlAllocOutputBuffer, is: xmlAllocOutputBuffer)
        entry("xmlOutputBufferClose", \.xmlOutputBufferClose, is: xmlOutputBufferClose)
        entry("xmlOutputBufferGetContent", \.xmlOutputBufferGetContent, is: xmlOutputBufferGetContent)
        entry("xmlOutputBufferGetSize", \.xmlOutputBufferGetSize, is: xmlOutputBufferGetSize)
        entry("xmlNodeDumpOutput", \.xmlNodeDumpOutput, is: xmlNodeDumpOutput)
        entry("htmlNodeDumpFormatOutput", \.htmlNodeDumpFormatOutput, is: htmlNodeDumpFormatOutput)
        entry("xmlXPathNewContext", \.xmlXPathNewContext, is: xmlXPathNewContext)
        entry("xmlXPathFreeContext", \.xmlXPathFreeContext, is: xmlXPathFreeContext)
        entry("xmlXPathEvalExpression", \.xmlXPathEvalExpression, is: xmlXPathEvalExpression)
        entry("xmlXPathFreeObject", \.xmlXPathFreeObject, is: xmlXPathFreeObject)
        entry("xmlSchemaNewMemParserCtxt", \.xmlSchemaNewMemParserCtxt, is: xmlSchemaNewMemParserCtxt)
        entry("xmlSchemaFreeParserCtxt", \.xmlSchemaFreeParserCtxt, is: xmlSchemaFreeParserCtxt)
        entry("xmlSchemaSetParserStructuredErrors", \.xmlSchemaSetParserStructuredErrors, is: xmlSchemaSetParserStructuredErrors)
        entry("xmlSchemaParse", \.xmlSchemaParse, is: xmlSchemaParse)
        entry("xmlSchemaFree", \.xmlSchemaFree, is: xmlSchemaFree)
        entry("xmlSchemaNewValidCtxt", \.xmlSchemaNewValidCtxt, is: xmlSchemaNewValidCtxt)
        entry("xmlSchemaFreeValidCtxt", \.xmlSchemaFreeValidCtxt, is: xmlSchemaFreeValidCtxt)
        entry("xmlSchemaSetValidStructuredErrors", \.xmlSchemaSetValidStructuredErrors, is: xmlSchemaSetValidStructuredErrors)
        entry("xmlSchemaValidateDoc", \.xmlSchemaValidateDoc, is: xmlSchemaValidateDoc)
        // xmlFree is a variable holding the deallocator: the table keeps the variable's address.
        checked.append("xmlFree")
        XCTAssertEqual(UnsafeMutableRawPointer(libxml.xmlFree.variable), dlsym(nil, "xmlFree"))

        let entries = Mirror(reflecting: libxml).children.compactMap(\.label)
        XCTAssertEqual(checked.sorted(), entries.sorted(), "every entry of the table is checked here, once")
    }

    /// The deallocator frees what libxml2 allocated, through the variable (a double free or a wrong
    /// function would abort the test).
    func testXMLFreeReleasesLibxml2Memory() throws {
        let libxml = try LibXML2.load()
        let copy = try XCTUnwrap(libxml.xmlStrdup("ecrguard"))
        XCTAssertEqual(String(cString: copy), "ecrguard")
        libxml.xmlFree(copy)
    }

    /// The same table for every caller, loaded once however many threads ask first.
    func testLoadIsOnceAndThreadSafe() throws {
        let first = try LibXML2.load()
        nonisolated(unsafe) var loaded: [LibXML2?] = Array(repeating: nil, count: 16)
        DispatchQueue.concurrentPerform(iterations: loaded.count) { index in
            let table = try? LibXML2.load()
            loaded.withUnsafeMutableBufferPointer { $0[index] = table }
        }
        for table in loaded { XCTAssertTrue(table === first) }
    }

    /// A library that cannot be opened is a typed error naming it and the loader's reason.
    func testMissingLibraryIsAnErrorNamingIt() {
        let name = "libxml2-not-installed-for-test.so.2"
        XCTAssertThrowsError(try LibXML2(libraryName: name)) { error in
            guard let error = error as? LibXML2Error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.library, name)
            XCTAssertNil(error.symbol)
            XCTAssertTrue(error.reason.contains(name), error.reason)
            XCTAssertTrue(error.description.hasPrefix("libxml2 (\(name)) could not be loaded: "), error.description)
            XCTAssertTrue(error.description.hasSuffix("; install libxml2 2.9 to 2.13 (the libxml2.so.2 library)"), error.description)
        }
    }

    /// A library without the functions (zlib, which libxml2 itself needs) names the first missing one.
    func testLibraryWithoutTheFunctionsNamesTheMissingSymbol() {
        XCTAssertThrowsError(try LibXML2(libraryName: "libz.so.1")) { error in
            guard let error = error as? LibXML2Error else { return XCTFail("\(error)") }
            XCTAssertEqual(error.library, "libz.so.1")
            XCTAssertEqual(error.symbol, "xmlReadMemory")
            XCTAssertTrue(error.description.hasPrefix("libxml2 (libz.so.1) has no xmlReadMemory: "), error.description)
        }
    }
}
