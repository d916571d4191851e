import CLibXML2
import Foundation
import XMLRuntime

/// An XML or HTML document read back with libxml2 (network access off, no entity expansion), for
/// checking what writers produced: XPath queries over the parsed tree.
public final class ParsedXMLDocument {
    /// Nil when libxml2 could not be loaded (then `problems` says so).
    let libxml: LibXML2?
    let doc: xmlDocPtr?
    /// Parse errors; for HTML, libxml2's recoverable complaints are dropped.
    public let problems: [XMLProblem]

    public init(xml bytes: Data) {
        var problems: [XMLProblem] = []
        var result: xmlDocPtr?
        let libxml: LibXML2
        do { libxml = try LibXML2.load() } catch {
            self.libxml = nil
            doc = nil
            self.problems = [XMLProblem(line: 0, message: error.description)]
            return
        }
        self.libxml = libxml
        if let context = libxml.xmlNewParserCtxt() {
            let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
            result = bytes.withUnsafeBytes { raw in
                libxml.xmlCtxtReadMemory(context, raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), "document.xml", nil, options)
            }
            if context.pointee.wellFormed == 0 || result == nil {
                let error = context.pointee.lastError
                let message = error.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "not well-formed"
                problems.append(XMLProblem(line: Int(error.line), message: message))
                if let parsed = result { libxml.xmlFreeDoc(parsed) }
                result = nil
            }
            libxml.xmlFreeParserCtxt(context)
        } else {
            problems.append(XMLProblem(line: 0, message: "out of memory"))
        }
        doc = result
        self.problems = problems
    }

    public init(html bytes: Data) {
        let libxml: LibXML2
        do { libxml = try LibXML2.load() } catch {
            self.libxml = nil
            doc = nil
            problems = [XMLProblem(line: 0, message: error.description)]
            return
        }
        self.libxml = libxml
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        doc = bytes.withUnsafeBytes { raw in
            libxml.htmlReadMemory(raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), "document.html", "UTF-8", options)
        }
        problems = doc == nil ? [XMLProblem(line: 0, message: "unreadable HTML")] : []
    }

    deinit { if let libxml, let doc { libxml.xmlFreeDoc(doc) } }

    public var isParsed: Bool { doc != nil }

    /// The string value of every node `expression` selects (text content for elements, value for attributes).
    public func strings(_ expression: String) -> [String] {
        guard let libxml, let doc, let context = libxml.xmlXPathNewContext(doc) else { return [] }
        defer { libxml.xmlXPathFreeContext(context) }
        guard let result = libxml.xmlXPathEvalExpression(expression, context) else { return [] }
        defer { libxml.xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let nodes = set.pointee.nodeTab else { return [] }
        return (0..<Int(set.pointee.nodeNr)).map { index in
            guard let node = nodes[index], let content = libxml.xmlNodeGetContent(node) else { return "" }
            defer { libxml.xmlFree(content) }
            return String(cString: content)
        }
    }

    /// How many nodes `expression` selects.
    public func count(_ expression: String) -> Int { strings(expression).count }
}
