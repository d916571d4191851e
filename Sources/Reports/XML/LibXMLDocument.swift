import CLibXML2
import Foundation

/// A libxml2 document built from a `MarkupElement` tree; owns its `xmlDoc` and frees it.
final class LibXMLDocument {
    private let doc: xmlDocPtr
    let isHTML: Bool
    /// Names already checked with `isMarkupName` (a document uses a few dozen, many times).
    private var checkedNames: Set<String> = []
    /// Set for streamed output (`streamedHTML(root:)`): the generated children not made yet.
    private var placeholders: Placeholders?

    /// The generated children of a document built for streamed output. Each stands in the tree as
    /// a comment `<!--token + number-->`; the token holds a random part, so no serialised input can
    /// look like one (libxml2 escapes `<` in text, but not in HTML attribute values).
    private struct Placeholders {
        var token = "ecrguard-generated-\(UUID().uuidString)-"
        var pending: [Placeholder] = []
    }

    private struct Placeholder {
        var parent: xmlNodePtr
        var parentName: String
        /// Nil once its items are written.
        var generator: MarkupGenerator?
    }

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

    /// An HTML document serialised as `html(root:).serializedData()` would, without ever holding the
    /// libxml2 tree whole: the document is built and serialised with a placeholder for each generated
    /// child (a large table or list), then each placeholder's items are built, serialised by libxml2
    /// in place (under the same parent) and freed, one at a time.
    static func streamedHTML(root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        guard let doc = htmlNewDocNoDtD(nil, nil) else { throw MarkupError("libxml2 could not allocate an HTML document") }
        let document = LibXMLDocument(doc: doc, isHTML: true)
        guard xmlCreateIntSubset(doc, "html", nil, nil) != nil else { throw MarkupError("libxml2 could not add the doctype") }
        document.placeholders = Placeholders()
        try document.setRoot(root)
        var buffer: UnsafeMutablePointer<xmlChar>?
        var size: Int32 = 0
        htmlDocDumpMemoryFormat(doc, &buffer, &size, 0)
        guard let buffer, size >= 0 else { throw MarkupError("libxml2 could not serialise the document") }
        defer { ecrg_xml_free(buffer) }
        try document.splice(UnsafeBufferPointer(start: buffer, count: Int(size)), into: output)
        guard document.placeholders!.pending.allSatisfy({ $0.generator == nil }) else {
            throw MarkupError("libxml2 did not serialise every generated part")
        }
    }

    /// Appends `bytes` (libxml2's output) to `output`, with each placeholder replaced by its items.
    private func splice(_ bytes: UnsafeBufferPointer<UInt8>, into output: ReportOutput) throws(MarkupError) {
        guard let token = placeholders?.token else { return output.append(bytes) }
        let prefix = Array(("<!--" + token).utf8), suffix = Array("-->".utf8)
        var start = 0
        while let markerStart = Self.firstIndex(of: prefix, in: bytes, from: start) {
            var end = markerStart + prefix.count
            var number = 0
            while end < bytes.count, (0x30...0x39).contains(bytes[end]), number < Int.max / 10 - 9 {
                number = number * 10 + Int(bytes[end] - 0x30)
                end += 1
            }
            guard end > markerStart + prefix.count, end + suffix.count <= bytes.count,
                  Array(bytes[end..<end + suffix.count]) == suffix else {
                throw MarkupError("a generated part's placeholder was not serialised whole")
            }
            output.append(UnsafeBufferPointer(rebasing: bytes[start..<markerStart]))
            try writeItems(ofPlaceholder: number, into: output)
            start = end + suffix.count
        }
        output.append(UnsafeBufferPointer(rebasing: bytes[start...]))
    }

    private static func firstIndex(of pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var index = start
        while index <= bytes.count - pattern.count {
            if bytes[index] == first, pattern.indices.allSatisfy({ bytes[index + $0] == pattern[$0] }) { return index }
            index += 1
        }
        return nil
    }

    private func writeItems(ofPlaceholder number: Int, into output: ReportOutput) throws(MarkupError) {
        guard number < placeholders!.pending.count, let generator = placeholders!.pending[number].generator else {
            throw MarkupError("a generated part's placeholder appeared twice or was never made")
        }
        placeholders!.pending[number].generator = nil
        let parent = placeholders!.pending[number].parent, parentName = placeholders!.pending[number].parentName
        try writeItems(of: generator, parent: parent, parentName: parentName, into: output)
    }

    private func writeItems(of generator: MarkupGenerator, parent: xmlNodePtr, parentName: String, into output: ReportOutput) throws(MarkupError) {
        for index in 0..<generator.count {
            for item in generator.make(index) {
                if case let .generated(inner) = item {
                    try writeItems(of: inner, parent: parent, parentName: parentName, into: output)
                    continue
                }
                let node = try makeNode(item, parentName: parentName)
                defer { xmlFreeNode(node) }
                // Parent set but not linked: the serialiser sees the node's real context (text
                // inside script or style), and it is not merged with a neighbouring text node.
                node.pointee.parent = parent
                guard let buffer = xmlAllocOutputBuffer(nil) else { throw MarkupError("libxml2 could not allocate an output buffer") }
                defer { xmlOutputBufferClose(buffer) }
                htmlNodeDumpFormatOutput(buffer, doc, node, nil, 0)
                guard buffer.pointee.error == 0, let content = xmlOutputBufferGetContent(buffer) else {
                    throw MarkupError("libxml2 could not serialise <\(parentName)>'s generated content")
                }
                try splice(UnsafeBufferPointer(start: content, count: xmlOutputBufferGetSize(buffer)), into: output)
                node.pointee.parent = nil
            }
        }
    }

    private func setRoot(_ root: MarkupElement) throws(MarkupError) {
        let node = try makeElement(root)
        xmlDocSetRootElement(doc, node)
    }

    private func makeElement(_ element: MarkupElement) throws(MarkupError) -> xmlNodePtr {
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
        for child in element.children { try add(child, to: node, parentName: element.name) }
        adopted = true
        return node
    }

    private func add(_ child: MarkupNode, to node: xmlNodePtr, parentName: String) throws(MarkupError) {
        if case let .generated(generator) = child {
            if let placeholders {
                // Streamed output: a marked comment now, the items when the serialiser reaches it.
                guard let comment = xmlNewDocComment(doc, placeholders.token + String(self.placeholders!.pending.count)) else {
                    throw MarkupError("libxml2 could not allocate a node")
                }
                if xmlAddChild(node, comment) == nil {
                    xmlFreeNode(comment)
                    throw MarkupError("libxml2 could not add a child to <\(parentName)>")
                }
                self.placeholders!.pending.append(Placeholder(parent: node, parentName: parentName, generator: generator))
                return
            }
            // Made and converted one item at a time, so the Swift tree of a large part never exists whole.
            for index in 0..<generator.count {
                for generated in generator.make(index) { try add(generated, to: node, parentName: parentName) }
            }
            return
        }
        let childNode = try makeNode(child, parentName: parentName)
        if xmlAddChild(node, childNode) == nil {
            xmlFreeNode(childNode)
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
            childNode = xmlNewDocText(doc, text.xmlSafe)
        case let .code(code):
            let source = code.description
            guard isRawTextElement || !isHTML else { throw MarkupError("code outside <script> or <style>") }
            // ASCII only: the serialiser may turn other characters into references, which
            // script and style do not decode (and which would break the CSP hash).
            guard source.unicodeScalars.allSatisfy(\.isASCII) else { throw MarkupError("code inside <\(parentName)> must be ASCII") }
            guard !source.lowercased().contains("</" + parentName.lowercased()) else {
                throw MarkupError("code inside <\(parentName)> would close it early")
            }
            childNode = xmlNewDocText(doc, source)
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

    /// The serialised document (`serializedData()`'s bytes), put into `output` through a libxml2
    /// output buffer as it is serialised instead of into one growing memory buffer.
    func serialize(into output: ReportOutput) throws(MarkupError) {
        precondition(!isHTML, "HTML documents are serialised by streamedHTML(root:into:)")
        let context = Unmanaged.passUnretained(output).toOpaque()
        // The UTF-8 handler, as xmlDocDumpFormatMemoryEnc(..., "UTF-8", ...) uses.
        guard let buffer = xmlOutputBufferCreateIO({ context, bytes, length in
            guard let context, let bytes, length >= 0 else { return -1 }
            let output = Unmanaged<ReportOutput>.fromOpaque(context).takeUnretainedValue()
            output.append(UnsafeBufferPointer(start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: Int(length)))
            return length
        }, nil, context, xmlFindCharEncodingHandler("UTF-8")) else {
            throw MarkupError("libxml2 could not allocate an output buffer")
        }
        // Closes the buffer, flushing it.
        guard xmlSaveFormatFileTo(buffer, doc, "UTF-8", 1) >= 0 else { throw MarkupError("libxml2 could not serialise the document") }
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
