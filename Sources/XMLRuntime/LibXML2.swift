public import CLibXML2
import Glibc

/// libxml2 could not be loaded, or lacks a function ecrguard calls. The command that needed XML
/// fails with this description; nothing else depends on libxml2.
public struct LibXML2Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file name given to the dynamic loader (`libxml2.so.2`).
    public var library: String
    /// The function or variable that was missing; nil when the library itself did not load.
    public var symbol: String?
    /// The dynamic loader's own words (`dlerror`).
    public var reason: String

    public var description: String {
        if let symbol {
            return "libxml2 (\(library)) has no \(symbol): \(reason); install libxml2 2.9 to 2.13 (the libxml2.so.2 library)"
        }
        return "libxml2 (\(library)) could not be loaded: \(reason); install libxml2 2.9 to 2.13 (the libxml2.so.2 library)"
    }
}

/// libxml2, opened with `dlopen` the first time XML is read or written, and the functions ecrguard
/// calls, resolved with `dlsym` into typed C function pointers. The ecrguard binary does not link
/// libxml2 (Package.swift), so the `ecr` calls, `check` and `simulate`, which never touch XML, do not
/// load it, nor the ICU and compression libraries it brings, at every start. The types and
/// constants still come from libxml2's headers (`CLibXML2`, headers only); a function that is not in
/// this table cannot be called, and a call left to the linker fails the product's link.
///
/// Calls read `let xml = try LibXML2.load()` and then `xml.xmlNewDoc(…)`. The library is never
/// unloaded, so the pointers stay valid for the life of the process.
public final class LibXML2: @unchecked Sendable {  // immutable pointers into a library never unloaded
    /// The run-time library of Debian's `libxml2` package (the soname the headers' version has).
    public static let libraryName = "libxml2.so.2"

    /// The process's libxml2, loaded on the first call (once, whichever thread calls first); every
    /// later call returns the same table or the same error.
    public static func load() throws(LibXML2Error) -> LibXML2 { try loaded.get() }

    private static let loaded = Result { () throws(LibXML2Error) in try LibXML2(libraryName: libraryName) }

    // Parsing.
    public let xmlReadMemory: @convention(c) (UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32) -> xmlDocPtr?
    public let htmlReadMemory: @convention(c) (UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32) -> htmlDocPtr?
    public let xmlNewParserCtxt: @convention(c) () -> xmlParserCtxtPtr?
    public let xmlCtxtReadMemory: @convention(c) (xmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32) -> xmlDocPtr?
    public let xmlFreeParserCtxt: @convention(c) (xmlParserCtxtPtr?) -> Void

    // Documents and nodes.
    public let xmlNewDoc: @convention(c) (UnsafePointer<xmlChar>?) -> xmlDocPtr?
    public let htmlNewDocNoDtD: @convention(c) (UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) -> htmlDocPtr?
    public let xmlFreeDoc: @convention(c) (xmlDocPtr?) -> Void
    public let xmlCreateIntSubset: @convention(c) (xmlDocPtr?, UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) -> xmlDtdPtr?
    public let xmlDocGetRootElement: @convention(c) (UnsafePointer<xmlDoc>?) -> xmlNodePtr?
    public let xmlDocSetRootElement: @convention(c) (xmlDocPtr?, xmlNodePtr?) -> xmlNodePtr?
    public let xmlNewDocNode: @convention(c) (xmlDocPtr?, xmlNsPtr?, UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) -> xmlNodePtr?
    public let xmlNewDocText: @convention(c) (UnsafePointer<xmlDoc>?, UnsafePointer<xmlChar>?) -> xmlNodePtr?
    public let xmlNewProp: @convention(c) (xmlNodePtr?, UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) -> xmlAttrPtr?
    public let xmlAddChild: @convention(c) (xmlNodePtr?, xmlNodePtr?) -> xmlNodePtr?
    public let xmlFreeNode: @convention(c) (xmlNodePtr?) -> Void
    public let xmlNodeGetContent: @convention(c) (UnsafePointer<xmlNode>?) -> UnsafeMutablePointer<xmlChar>?
    public let xmlStrdup: @convention(c) (UnsafePointer<xmlChar>?) -> UnsafeMutablePointer<xmlChar>?
    public let htmlTagLookup: @convention(c) (UnsafePointer<xmlChar>?) -> UnsafePointer<htmlElemDesc>?
    public let htmlIsBooleanAttr: @convention(c) (UnsafePointer<xmlChar>?) -> Int32

    // Serialising.
    public let htmlDocDumpMemoryFormat: @convention(c) (xmlDocPtr?, UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>?, UnsafeMutablePointer<Int32>?, Int32) -> Void
    public let xmlDocDumpFormatMemoryEnc: @convention(c) (xmlDocPtr?, UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>?, UnsafeMutablePointer<Int32>?, UnsafePointer<CChar>?, Int32) -> Void
    public let xmlAllocOutputBuffer: @convention(c) (xmlCharEncodingHandlerPtr?) -> xmlOutputBufferPtr?
    public let xmlOutputBufferClose: @convention(c) (xmlOutputBufferPtr?) -> Int32
    public let xmlOutputBufferGetContent: @convention(c) (xmlOutputBufferPtr?) -> UnsafePointer<xmlChar>?
    public let xmlOutputBufferGetSize: @convention(c) (xmlOutputBufferPtr?) -> Int
    public let xmlNodeDumpOutput: @convention(c) (xmlOutputBufferPtr?, xmlDocPtr?, xmlNodePtr?, Int32, Int32, UnsafePointer<CChar>?) -> Void
    public let htmlNodeDumpFormatOutput: @convention(c) (xmlOutputBufferPtr?, xmlDocPtr?, xmlNodePtr?, UnsafePointer<CChar>?, Int32) -> Void

    // XPath.
    public let xmlXPathNewContext: @convention(c) (xmlDocPtr?) -> xmlXPathContextPtr?
    public let xmlXPathFreeContext: @convention(c) (xmlXPathContextPtr?) -> Void
    public let xmlXPathEvalExpression: @convention(c) (UnsafePointer<xmlChar>?, xmlXPathContextPtr?) -> xmlXPathObjectPtr?
    public let xmlXPathFreeObject: @convention(c) (xmlXPathObjectPtr?) -> Void

    // XML Schema.
    public let xmlSchemaNewMemParserCtxt: @convention(c) (UnsafePointer<CChar>?, Int32) -> xmlSchemaParserCtxtPtr?
    public let xmlSchemaFreeParserCtxt: @convention(c) (xmlSchemaParserCtxtPtr?) -> Void
    public let xmlSchemaSetParserStructuredErrors: @convention(c) (xmlSchemaParserCtxtPtr?, xmlStructuredErrorFunc?, UnsafeMutableRawPointer?) -> Void
    public let xmlSchemaParse: @convention(c) (xmlSchemaParserCtxtPtr?) -> xmlSchemaPtr?
    public let xmlSchemaFree: @convention(c) (xmlSchemaPtr?) -> Void
    public let xmlSchemaNewValidCtxt: @convention(c) (xmlSchemaPtr?) -> xmlSchemaValidCtxtPtr?
    public let xmlSchemaFreeValidCtxt: @convention(c) (xmlSchemaValidCtxtPtr?) -> Void
    public let xmlSchemaSetValidStructuredErrors: @convention(c) (xmlSchemaValidCtxtPtr?, xmlStructuredErrorFunc?, UnsafeMutableRawPointer?) -> Void
    public let xmlSchemaValidateDoc: @convention(c) (xmlSchemaValidCtxtPtr?, xmlDocPtr?) -> Int32

    /// libxml2's deallocator for the memory it hands out (`xmlNodeGetContent`, the dumps). In C
    /// `xmlFree` is a variable holding a function pointer (`xmlMemSetup` may change it), so it is read
    /// at each call.
    public let xmlFree: Deallocator

    public struct Deallocator: @unchecked Sendable {  // the address of a variable inside libxml2
        let variable: UnsafeMutablePointer<xmlFreeFunc?>
        public func callAsFunction(_ pointer: UnsafeMutableRawPointer?) { variable.pointee?(pointer) }
    }

    /// Opens `libraryName` and resolves every function; tests give a name that does not exist.
    init(libraryName: String) throws(LibXML2Error) {
        dlerror()
        guard let handle = dlopen(libraryName, RTLD_NOW | RTLD_LOCAL) else {
            throw LibXML2Error(library: libraryName, symbol: nil, reason: Self.loaderError() ?? "unknown error")
        }
        let symbols = Symbols(handle: handle, library: libraryName)
        do throws(LibXML2Error) {
            xmlReadMemory = try symbols["xmlReadMemory"]
            htmlReadMemory = try symbols["htmlReadMemory"]
            xmlNewParserCtxt = try symbols["xmlNewParserCtxt"]
            xmlCtxtReadMemory = try symbols["xmlCtxtReadMemory"]
            xmlFreeParserCtxt = try symbols["xmlFreeParserCtxt"]
            xmlNewDoc = try symbols["xmlNewDoc"]
            htmlNewDocNoDtD = try symbols["htmlNewDocNoDtD"]
            xmlFreeDoc = try symbols["xmlFreeDoc"]
            xmlCreateIntSubset = try symbols["xmlCreateIntSubset"]
            xmlDocGetRootElement = try symbols["xmlDocGetRootElement"]
            xmlDocSetRootElement = try symbols["xmlDocSetRootElement"]
            xmlNewDocNode = try symbols["xmlNewDocNode"]
            xmlNewDocText = try symbols["xmlNewDocText"]
            xmlNewProp = try symbols["xmlNewProp"]
            xmlAddChild = try symbols["xmlAddChild"]
            xmlFreeNode = try symbols["xmlFreeNode"]
            xmlNodeGetContent = try symbols["xmlNodeGetContent"]
            xmlStrdup = try symbols["xmlStrdup"]
            htmlTagLookup = try symbols["htmlTagLookup"]
            htmlIsBooleanAttr = try symbols["htmlIsBooleanAttr"]
            htmlDocDumpMemoryFormat = try symbols["htmlDocDumpMemoryFormat"]
            xmlDocDumpFormatMemoryEnc = try symbols["xmlDocDumpFormatMemoryEnc"]
            xmlAllocOutputBuffer = try symbols["xmlAllocOutputBuffer"]
            xmlOutputBufferClose = try symbols["xmlOutputBufferClose"]
            xmlOutputBufferGetContent = try symbols["xmlOutputBufferGetContent"]
            xmlOutputBufferGetSize = try symbols["xmlOutputBufferGetSize"]
            xmlNodeDumpOutput = try symbols["xmlNodeDumpOutput"]
            htmlNodeDumpFormatOutput = try symbols["htmlNodeDumpFormatOutput"]
            xmlXPathNewContext = try symbols["xmlXPathNewContext"]
            xmlXPathFreeContext = try symbols["xmlXPathFreeContext"]
            xmlXPathEvalExpression = try symbols["xmlXPathEvalExpression"]
            xmlXPathFreeObject = try symbols["xmlXPathFreeObject"]
            xmlSchemaNewMemParserCtxt = try symbols["xmlSchemaNewMemParserCtxt"]
            xmlSchemaFreeParserCtxt = try symbols["xmlSchemaFreeParserCtxt"]
            xmlSchemaSetParserStructuredErrors = try symbols["xmlSchemaSetParserStructuredErrors"]
            xmlSchemaParse = try symbols["xmlSchemaParse"]
            xmlSchemaFree = try symbols["xmlSchemaFree"]
            xmlSchemaNewValidCtxt = try symbols["xmlSchemaNewValidCtxt"]
            xmlSchemaFreeValidCtxt = try symbols["xmlSchemaFreeValidCtxt"]
            xmlSchemaSetValidStructuredErrors = try symbols["xmlSchemaSetValidStructuredErrors"]
            xmlSchemaValidateDoc = try symbols["xmlSchemaValidateDoc"]
            xmlFree = Deallocator(variable: try symbols.address("xmlFree").assumingMemoryBound(to: xmlFreeFunc?.self))
            // libxml2 2.9 asks for one xmlInitParser() before it is used from several threads (the
            // reports render on several); this initializer runs once per process (`loaded`).
            let initParser: @convention(c) () -> Void = try symbols["xmlInitParser"]
            initParser()
        } catch {
            dlclose(handle)
            throw error
        }
    }

    fileprivate static func loaderError() -> String? { dlerror().map { String(cString: $0) } }
}

/// `dlsym` over one handle, failing with the symbol's name.
private struct Symbols {
    let handle: UnsafeMutableRawPointer
    let library: String

    func address(_ name: String) throws(LibXML2Error) -> UnsafeMutableRawPointer {
        dlerror()
        guard let address = dlsym(handle, name) else {
            throw LibXML2Error(library: library, symbol: name, reason: LibXML2.loaderError() ?? "not found")
        }
        return address
    }

    /// The function `name` as the C function pointer type `Function` (the type the table declares).
    subscript<Function>(_ name: String) -> Function {
        get throws(LibXML2Error) { unsafeBitCast(try address(name), to: Function.self) }
    }
}
