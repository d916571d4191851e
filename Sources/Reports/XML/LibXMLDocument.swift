import CLibXML2
import Foundation
import XMLRuntime

/// A libxml2 document built from a `MarkupElement` tree; owns its `xmlDoc` and frees it. The
/// reference rendering `MarkupWriter` is tested against (`MarkupSerializer.wholeXML`, `wholeHTML`).
final class LibXMLDocument {
    private let libxml: LibXML2
    private let doc: xmlDocPtr
    let isHTML: Bool
    /// Names already checked with `isMarkupName` (a document uses a few dozen, many times).
    private var checkedNames: Set<String> = []

    private init(libxml: LibXML2, doc: xmlDocPtr, isHTML: Bool) {
        self.libxml = libxml
        self.doc = doc
        self.isHTML = isHTML
    }

    deinit { libxml.xmlFreeDoc(doc) }

    /// An XML document (`<?xml version="1.0" encoding="UTF-8"?>` on output).
    static func xml(root: MarkupElement) throws(MarkupError) -> LibXMLDocument {
        let libxml = try MarkupError.loadLibXML2()
        guard let doc = libxml.xmlNewDoc("1.0") else { throw MarkupError("libxml2 could not allocate a document") }
        let document = LibXMLDocument(libxml: libxml, doc: doc, isHTML: false)
        try document.setRoot(root)
        return document
    }

    /// An HTML document with the HTML5 doctype.
    static func html(root: MarkupElement) throws(MarkupError) -> LibXMLDocument {
        let libxml = try MarkupError.loadLibXML2()
        guard let doc = libxml.htmlNewDocNoDtD(nil, nil) else { throw MarkupError("libxml2 could not allocate an HTML document") }
        let document = LibXMLDocument(libxml: libxml, doc: doc, isHTML: true)
        guard libxml.xmlCreateIntSubset(doc, "html", nil, nil) != nil else { throw MarkupError("libxml2 could not add the doctype") }
        try document.setRoot(root)
        return document
    }

    private func setRoot(_ root: MarkupElement) throws(MarkupError) {
        let node = try makeElement(root)
        libxml.xmlDocSetRootElement(doc, node)
    }

    private func makeElement(_ element: MarkupElement) throws(MarkupError) -> xmlNodePtr {
        guard check(element.name) else { throw MarkupError("invalid element name \(element.name.debugDescription)") }
        guard let node = libxml.xmlNewDocNode(doc, nil, element.name, nil) else { throw MarkupError("libxml2 could not allocate <\(element.name)>") }
        var adopted = false
        defer { if !adopted { libxml.xmlFreeNode(node) } }
        for attribute in element.attributes {
            guard check(attribute.name) else { throw MarkupError("invalid attribute name \(attribute.name.debugDescription)") }
            // xmlNewProp stores the value as text: it is escaped on output, never parsed for entities.
            guard libxml.xmlNewProp(node, attribute.name, attribute.value.xmlSafe) != nil else {
                throw MarkupError("libxml2 could not add attribute \(attribute.name)")
            }
        }
        for child in element.children { try add(child, to: node, parentName: element.name) }
        adopted = true
        return node
    }

    private func add(_ child: MarkupNode, to node: xmlNodePtr, parentName: String) throws(MarkupError) {
        if case let .generated(generator) = child {
            // Made and converted one item at a time, so the Swift tree of a large part never exists whole.
            for index in 0..<generator.count {
                for generated in generator.make(index) { try add(generated, to: node, parentName: parentName) }
            }
            return
        }
        let childNode = try makeNode(child, parentName: parentName)
        if libxml.xmlAddChild(node, childNode) == nil {
            libxml.xmlFreeNode(childNode)
            throw MarkupError("libxml2 could not add a child to <\(parentName)>")
        }
    }

    /// The libxml2 node of an element, text or code child of `parentName` (not linked anywhere yet).
    private func makeNode(_ child: MarkupNode, parentName: String) throws(MarkupError) -> xmlNodePtr {
        let isRawTextElement = parentName == "script" || parentName == "style"
        let childNode: xmlNodePtr?
        switch child {
        case let .element(inner):
            return try makeElement(inner)
        case let .text(text):
            if isRawTextElement && isHTML {
                throw MarkupError("text from input inside <\(parentName)>: only the writer's own code may go there")
            }
            childNode = libxml.xmlNewDocText(doc, text.xmlSafe)
        case let .code(code):
            let source = code.description
            guard isRawTextElement || !isHTML else { throw MarkupError("code outside <script> or <style>") }
            // ASCII only: the serialiser may turn other characters into references, which
            // script and style do not decode (and which would break the CSP hash).
            guard source.unicodeScalars.allSatisfy(\.isASCII) else { throw MarkupError("code inside <\(parentName)> must be ASCII") }
            guard !source.lowercased().contains("</" + parentName.lowercased()) else {
                throw MarkupError("code inside <\(parentName)> would close it early")
            }
            childNode = libxml.xmlNewDocText(doc, source)
        case .generated:
            throw MarkupError("generated children cannot stand alone")
        }
        guard let childNode else { throw MarkupError("libxml2 could not allocate a node") }
        return childNode
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
            libxml.htmlDocDumpMemoryFormat(doc, &buffer, &size, 0)
        } else {
            libxml.xmlDocDumpFormatMemoryEnc(doc, &buffer, &size, "UTF-8", 1)
        }
        guard let buffer, size >= 0 else { throw MarkupError("libxml2 could not serialise the document") }
        return Data(bytesNoCopy: buffer, count: Int(size), deallocator: .custom { [libxml] pointer, _ in libxml.xmlFree(pointer) })
    }
}

extension String {
    /// Element and attribute names the writers use: ASCII letters, digits, `-`, `_`, `:`, starting with a letter.
    var isMarkupName: Bool {
        guard let first = unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) else { return false }
        return unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_:".unicodeScalars.contains($0) }
    }
}
