import CLibXML2
import Foundation

/// A libxml2 document built from a `MarkupElement` tree; owns its `xmlDoc` and frees it.
final class LibXMLDocument {
    private let doc: xmlDocPtr
    let isHTML: Bool
    /// Names already checked with `isMarkupName` (a document uses a few dozen, many times).
    private var checkedNames: Set<String> = []

    private init(doc: xmlDocPtr, isHTML: Bool) {
        self.doc = doc
        self.isHTML = isHTML
    }

    deinit { xmlFreeDoc(doc) }

    /// An XML document (`<?xml version="1.0" encoding="UTF-8"?>` on output).
    static func xml(root: MarkupElement) throws(MarkupError) -> LibXMLDocument {
        guard let doc = xmlNewDoc("1.0") else { throw MarkupError("libxml2 could not allocate a document") }
        let document = LibXMLDocument(doc: doc, isHTML: false)
        try document.setRoot(root)
        return document
    }

    /// An HTML document with the HTML5 doctype.
    static func html(root: MarkupElement) throws(MarkupError) -> LibXMLDocument {
        guard let doc = htmlNewDocNoDtD(nil, nil) else { throw MarkupError("libxml2 could not allocate an HTML document") }
        let document = LibXMLDocument(doc: doc, isHTML: true)
        guard xmlCreateIntSubset(doc, "html", nil, nil) != nil else { throw MarkupError("libxml2 could not add the doctype") }
        try document.setRoot(root)
        return document
    }

    private func setRoot(_ root: MarkupElement) throws(MarkupError) {
        let node = try makeElement(root, parentName: nil)
        xmlDocSetRootElement(doc, node)
    }

    private func makeElement(_ element: MarkupElement, parentName: String?) throws(MarkupError) -> xmlNodePtr {
        guard check(element.name) else { throw MarkupError("invalid element name \(element.name.debugDescription)") }
        guard let node = xmlNewDocNode(doc, nil, element.name, nil) else { throw MarkupError("libxml2 could not allocate <\(element.name)>") }
        var adopted = false
        defer { if !adopted { xmlFreeNode(node) } }
        for attribute in element.attributes {
            guard check(attribute.name) else { throw MarkupError("invalid attribute name \(attribute.name.debugDescription)") }
            // xmlNewProp stores the value as text: it is escaped on output, never parsed for entities.
            guard xmlNewProp(node, attribute.name, attribute.value.xmlSafe) != nil else {
                throw MarkupError("libxml2 could not add attribute \(attribute.name)")
            }
        }
        let isRawTextElement = element.name == "script" || element.name == "style"
        func add(_ child: MarkupNode) throws(MarkupError) {
            let childNode: xmlNodePtr?
            switch child {
            case let .element(inner):
                childNode = try makeElement(inner, parentName: element.name)
            case let .text(text):
                if isRawTextElement && isHTML {
                    throw MarkupError("text from input inside <\(element.name)>: only the writer's own code may go there")
                }
                childNode = xmlNewDocText(doc, text.xmlSafe)
            case let .code(code):
                let source = code.description
                guard isRawTextElement || !isHTML else { throw MarkupError("code outside <script> or <style>") }
                // ASCII only: the serialiser may turn other characters into references, which
                // script and style do not decode (and which would break the CSP hash).
                guard source.unicodeScalars.allSatisfy(\.isASCII) else { throw MarkupError("code inside <\(element.name)> must be ASCII") }
                guard !source.lowercased().contains("</" + element.name.lowercased()) else {
                    throw MarkupError("code inside <\(element.name)> would close it early")
                }
                childNode = xmlNewDocText(doc, source)
            case let .generated(generator):
                // Made and converted one item at a time, so the Swift tree of a large part never exists whole.
                for index in 0..<generator.count {
                    for generated in generator.make(index) { try add(generated) }
                }
                return
            }
            guard let childNode else { throw MarkupError("libxml2 could not allocate a node") }
            if xmlAddChild(node, childNode) == nil {
                xmlFreeNode(childNode)
                throw MarkupError("libxml2 could not add a child to <\(element.name)>")
            }
        }
        for child in element.children { try add(child) }
        adopted = true
        return node
    }

    private func check(_ name: String) -> Bool {
        if checkedNames.contains(name) { return true }
        guard name.isMarkupName else { return false }
        checkedNames.insert(name)
        return true
    }

    /// The serialised document without copying libxml2's buffer.
    func serializedData() throws(MarkupError) -> Data {
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        if isHTML {
            htmlDocDumpMemoryFormat(doc, &buffer, &size, 0)
        } else {
            xmlDocDumpFormatMemoryEnc(doc, &buffer, &size, "UTF-8", 1)
        }
        guard let buffer, size >= 0 else { throw MarkupError("libxml2 could not serialise the document") }
        return Data(bytesNoCopy: buffer, count: Int(size), deallocator: .custom { pointer, _ in ecrg_xml_free(pointer) })
    }
}

extension String {
    /// Element and attribute names the writers use: ASCII letters, digits, `-`, `_`, `:`, starting with a letter.
    var isMarkupName: Bool {
        guard let first = unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        return unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_:".unicodeScalars.contains($0) }
    }
}
