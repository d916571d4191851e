import CLibXML2
import XMLRuntime

/// Writes a `MarkupElement` tree into a `ReportOutput` with the bytes libxml2's serialisers give the
/// same tree (`LibXMLDocument`: `xmlSaveFormatFileTo` indented for XML, `htmlDocDumpMemoryFormat`
/// unindented for HTML), without building a libxml2 node per element, attribute and text.
///
/// libxml2 stays the escaper: a string is copied as it is only when every byte of it is one
/// libxml2 leaves unchanged in that place (`PlainBytes`); any other string is escaped by libxml2
/// itself, by serialising a one-node element of a scratch document and taking the bytes of the
/// string out of it. The layout libxml2 gives elements (indentation, `/>`, void elements, the
/// tail of a childless element) is written here and compared byte for byte with libxml2's whole
/// tree in the tests, with hostile input.
final class MarkupWriter {
    enum Dialect { case xml, html }

    private let dialect: Dialect
    private let output: ReportOutput
    private let libxml: LibXML2
    /// The scratch document the escaping elements belong to: HTML, or XML declaring UTF-8 (as
    /// `xmlSaveFormatFileTo(…, "UTF-8", …)` makes the document while it is written, so characters
    /// outside ASCII stay UTF-8 in attribute values).
    private let scratch: xmlDocPtr
    /// Made once the scratch document exists (their memory is freed by `deinit`, which an init that
    /// throws never reaches).
    @exclusivity(unchecked) private var elements: NameTable<ElementLayout>
    @exclusivity(unchecked) private var attributes: NameTable<AttributeForm>
    /// The elements content written through `MarkupSink` is inside, innermost last: for an HTML
    /// item, the one its generator belongs to, then those the item started; for an XML document
    /// written element by element, its root and those inside it.
    @exclusivity(unchecked) private var open: [OpenElement] = []
    /// How many of `open` the sink's calls did not start (and may not end or give attributes).
    private var sinkFloor = 0
    /// Whether the XML document written element by element has had its root ended.
    private var rootEnded = false

    private struct OpenElement {
        var name: String
        var layout: ElementLayout
        /// Whether its start tag is closed (`>` written) because content followed.
        var hasContent: Bool
        /// XML: whether the element itself is indented (its content may be).
        var isIndented = false
        /// XML: whether its content is indented, decided by its first child as libxml2 decides it
        /// for the whole tree (no text among the children). Text after indented elements is refused.
        var indentsContent = false
    }

    /// What libxml2 writes for an element of this name.
    private struct ElementLayout {
        /// `<meta>`, `<br>`: no content, no end tag (HTML).
        var isVoid: Bool
        /// `script`, `style`: content not escaped, so only the writer's own code (HTML).
        var isRawText: Bool
        /// What follows the start tag's attributes when the element has no children.
        var childlessTail: ChildlessTail
        /// `<name` and `</name>`, each written in one piece, in memory the writer owns (a pointer:
        /// a layout is copied for every element); nil for a name the writer does not keep.
        var tags: UnsafePointer<Tags>?
    }

    private struct Tags {
        var start: ShortBytes
        var end: ShortBytes
    }

    /// What an attribute name gives its values: the bytes copied as they are, and ` name="` (in
    /// memory the writer owns; nil for a name the writer does not keep).
    private struct AttributeForm {
        var plain: PlainBytes
        var prefix: UnsafePointer<ShortBytes>?
    }

    /// The tags and prefixes the layouts and forms point to, freed by `deinit`.
    private var ownedTags: [UnsafeMutablePointer<Tags>] = []
    private var ownedPrefixes: [UnsafeMutablePointer<ShortBytes>] = []

    /// The three ways libxml2 ends a childless element (no array: a layout is copied for every
    /// element written, and an array's reference count cost more than the rest of the lookup).
    private enum ChildlessTail {
        /// `/>` (XML).
        case selfClosing
        /// `>`: a void element, or one whose end tag libxml2 leaves out when empty (HTML).
        case startTagOnly
        /// `></name>` (HTML).
        case endTag
    }

    private func writeChildlessTail(_ layout: ElementLayout, of name: String) {
        switch layout.childlessTail {
        case .selfClosing:
            output.append(0x2F)
            output.append(0x3E)
        case .startTagOnly:
            output.append(0x3E)
        case .endTag:
            output.append(0x3E)
            writeEndTag(name, layout)
        }
    }

    /// The bytes of `writeChildlessTail(_:of:)`.
    private static func childlessTailCount(_ layout: ElementLayout, of name: String) -> Int {
        switch layout.childlessTail {
        case .selfClosing: 2
        case .startTagOnly: 1
        case .endTag: 4 + name.utf8.count
        }
    }

    private init(_ dialect: Dialect, into output: ReportOutput) throws(MarkupError) {
        self.dialect = dialect
        self.output = output
        let libxml = try MarkupError.loadLibXML2()
        self.libxml = libxml
        switch dialect {
        case .xml:
            guard let doc = libxml.xmlNewDoc("1.0") else { throw MarkupError("libxml2 could not allocate a document") }
            doc.pointee.encoding = UnsafePointer(libxml.xmlStrdup("UTF-8"))
            scratch = doc
        case .html:
            guard let doc = libxml.htmlNewDocNoDtD(nil, nil) else { throw MarkupError("libxml2 could not allocate an HTML document") }
            scratch = doc
        }
        elements = NameTable()
        attributes = NameTable()
    }

    deinit {
        for tags in ownedTags { tags.deallocate() }
        for prefix in ownedPrefixes { prefix.deallocate() }
        libxml.xmlFreeDoc(scratch)
        elements.deallocate()
        attributes.deallocate()
    }

    /// `<?xml version="1.0" encoding="UTF-8"?>`, the tree indented by two spaces per level.
    static func writeXML(_ root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        let writer = try MarkupWriter(.xml, into: output)
        output.append(Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + [0x0A])
        try writer.writeXML(root, level: 0, indented: true)
        output.append(0x0A)
    }

    /// `writeXML(_:into:)`'s bytes for the tree `write` describes element by element (one root),
    /// written as the calls are made: the document is never held as a tree.
    static func writeXML(into output: ReportOutput, _ write: (any MarkupSink) throws(MarkupError) -> Void) throws(MarkupError) {
        let writer = try MarkupWriter(.xml, into: output)
        output.append(Array(#"<?xml version="1.0" encoding="UTF-8"?>"#.utf8) + [0x0A])
        try write(writer)
        guard writer.open.isEmpty else { throw MarkupError("<\(writer.open.last?.name ?? "")> was not ended") }
        guard writer.rootEnded else { throw MarkupError("an XML document needs a root element") }
        output.append(0x0A)
    }

    /// `<!DOCTYPE html>`, the tree unindented. Generated children are made and written one item at
    /// a time, so neither a large report's Swift tree nor any libxml2 tree is ever held whole.
    static func writeHTML(_ root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        let writer = try MarkupWriter(.html, into: output)
        output.append(Array("<!DOCTYPE html>".utf8) + [0x0A])
        try writer.writeHTML(root)
        output.append(0x0A)
    }

    // MARK: XML

    private func writeXML(_ element: MarkupElement, level: Int, indented: Bool) throws(MarkupError) {
        let layout = try self.layout(of: element.name)
        if indented { indent(level) }
        writeStartTag(element.name, layout)
        for index in element.attributes.indices { try writeAttribute(element.attributes[index], of: element.name) }
        // Generated children made now; an element without any keeps its own array (no copy).
        var children = element.children
        if children.contains(where: { if case .generated = $0 { true } else { false } }) {
            children = []
            flatten(element.children, into: &children)
        }
        guard !children.isEmpty else { return writeChildlessTail(layout, of: element.name) }
        // An element with text among its children has its content written unindented (libxml2
        // would otherwise change the text).
        let indentChildren = indented && !children.contains { if case .element = $0 { false } else { true } }
        output.append(0x3E)
        if indentChildren { output.append(0x0A) }
        for child in children {
            switch child {
            case let .element(inner): try writeXML(inner, level: level + 1, indented: indentChildren)
            case let .text(text): try writeText(text, in: element.name)
            case let .code(code): try writeText(code.description, in: element.name)
            case .generated: break
            }
            if indentChildren { output.append(0x0A) }
        }
        if indentChildren { indent(level) }
        writeEndTag(element.name, layout)
    }

    /// libxml2 indents by two spaces per level, up to 30 levels.
    private func indent(_ level: Int) {
        Self.spaces.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0[..<(2 * min(level, 30))])) }
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 60)
    private static let equalsQuote: [UInt8] = [0x3D, 0x22]

    private func flatten(_ nodes: [MarkupNode], into children: inout [MarkupNode]) {
        for node in nodes {
            if case let .generated(generator) = node {
                for index in 0..<generator.count { flatten(generator.make(index), into: &children) }
            } else {
                children.append(node)
            }
        }
    }

    // MARK: HTML

    private func writeHTML(_ element: MarkupElement) throws(MarkupError) {
        let layout = try self.layout(of: element.name)
        writeStartTag(element.name, layout)
        for index in element.attributes.indices { try writeAttribute(element.attributes[index], of: element.name) }
        if layout.isVoid {
            // libxml2 would leave the children out; none of ours has any.
            guard element.children.isEmpty else { throw MarkupError("<\(element.name)> cannot have content") }
            return output.append(0x3E)
        }
        var opened = false
        try writeHTMLChildren(element.children, of: element.name, layout: layout, opened: &opened)
        if opened {
            writeEndTag(element.name, layout)
        } else {
            writeChildlessTail(layout, of: element.name)
        }
    }

    /// The children, generated ones made one item at a time; the start tag is closed before the
    /// first child, so an element whose generators make nothing is written as a childless one.
    private func writeHTMLChildren(_ children: [MarkupNode], of parent: String, layout: ElementLayout, opened: inout Bool) throws(MarkupError) {
        // By index: a `for` loop would copy each node (and retain what it holds).
        for index in children.indices {
            if case let .generated(generator) = children[index] {
                if let write = generator.write {
                    try writeHTMLItems(generator.count, write, of: parent, layout: layout, opened: &opened)
                    continue
                }
                for item in 0..<generator.count {
                    try writeHTMLChildren(generator.make(item), of: parent, layout: layout, opened: &opened)
                }
                continue
            }
            if !opened {
                output.append(0x3E)
                opened = true
            }
            switch children[index] {
            case let .element(inner):
                try writeHTML(inner)
            case let .text(text):
                guard !layout.isRawText else {
                    throw MarkupError("text from input inside <\(parent)>: only the writer's own code may go there")
                }
                try writeText(text, in: parent)
            case let .code(code):
                let source = code.description
                guard layout.isRawText else { throw MarkupError("code outside <script> or <style>") }
                // ASCII only: the serialiser may turn other characters into references, which
                // script and style do not decode (and which would break the CSP hash).
                guard source.unicodeScalars.allSatisfy(\.isASCII) else { throw MarkupError("code inside <\(parent)> must be ASCII") }
                guard !source.lowercased().contains("</" + parent.lowercased()) else {
                    throw MarkupError("code inside <\(parent)> would close it early")
                }
                output.append(source)
            case .generated:
                break
            }
        }
    }

    /// Items that write themselves (`MarkupSink`), in `parent`: the same bytes as their trees,
    /// with the same checks, element by element.
    private func writeHTMLItems(_ count: Int, _ write: (Int, any MarkupSink) throws(MarkupError) -> Void,
                                of parent: String, layout: ElementLayout, opened: inout Bool) throws(MarkupError) {
        guard dialect == .html else { throw MarkupError("items written element by element are HTML only") }
        let depth = open.count
        open.append(OpenElement(name: parent, layout: layout, hasContent: opened))
        sinkFloor = depth + 1
        for item in 0..<count {
            try write(item, self)
            guard open.count == depth + 1 else { throw MarkupError("an item left <\(open.last?.name ?? parent)> open") }
        }
        opened = open.removeLast().hasContent
        sinkFloor = depth
    }

    // MARK: Parts

    private func writeStartTag(_ name: String, _ layout: ElementLayout) {
        if let tags = layout.tags, tags.pointee.start.write(to: output) { return }
        output.append(0x3C)
        output.append(name)
    }

    private func writeEndTag(_ name: String, _ layout: ElementLayout) {
        if let tags = layout.tags, tags.pointee.end.write(to: output) { return }
        writeEndTag(name)
    }

    private func writeEndTag(_ name: String) {
        output.append(0x3C)
        output.append(0x2F)
        output.append(name)
        output.append(0x3E)
    }

    /// ` name="value"`.
    private func writeAttribute(_ attribute: MarkupAttribute, of element: String) throws(MarkupError) {
        let form = try attributeForm(attribute.name, of: element)
        let plain = form.plain
        // Nearly every value is plain: checked and copied in one pass, no closures in between.
        var value = attribute.value
        let copied = value.withUTF8 { bytes in
            guard plain.contains(bytes) else { return false }
            if !(form.prefix?.pointee.write(to: output) ?? false) {
                output.append(0x20)
                output.append(attribute.name)
                output.append(0x3D)
                output.append(0x22)
            }
            output.append(bytes)
            output.append(0x22)
            return true
        }
        if copied { return }
        try write(attribute.value, plain: plain, prefix: { output in
            output.append(0x20)
            output.append(attribute.name)
            output.append(Self.equalsQuote)
        }, suffix: 0x22) { value throws(MarkupError) in
            // libxml2 writes the whole attribute: name, `=`, its choice of quotes, the escaped value.
            let node = try newScratchElement(element)
            defer { libxml.xmlFreeNode(node) }
            guard libxml.xmlNewProp(node, attribute.name, value) != nil else { throw MarkupError("libxml2 could not add attribute \(attribute.name)") }
            let bytes = try serialized(node)
            let head = 1 + element.utf8.count, tail = Self.childlessTailCount(try layout(of: element), of: element)
            guard bytes.count >= head + tail else { throw MarkupError("libxml2 did not serialise attribute \(attribute.name)") }
            output.append(Array(bytes[head..<bytes.count - tail]))
        }
    }

    private func writeText(_ text: String, in parent: String) throws(MarkupError) {
        let plain: PlainBytes = dialect == .xml ? .xmlText : .htmlText
        var copy = text
        let copied = copy.withUTF8 { bytes in
            guard plain.contains(bytes) else { return false }
            output.append(bytes)
            return true
        }
        if copied { return }
        try write(text, plain: plain, prefix: { _ in }, suffix: nil) { safe throws(MarkupError) in
            // libxml2 escapes the text as the content of an element `parent`: `<parent>text</parent>`.
            let node = try newScratchElement(parent)
            defer { libxml.xmlFreeNode(node) }
            guard let textNode = libxml.xmlNewDocText(scratch, safe) else { throw MarkupError("libxml2 could not allocate a node") }
            if libxml.xmlAddChild(node, textNode) == nil {
                libxml.xmlFreeNode(textNode)
                throw MarkupError("libxml2 could not add a child to <\(parent)>")
            }
            let bytes = try serialized(node)
            let head = 2 + parent.utf8.count, tail = 3 + parent.utf8.count
            guard bytes.count >= head + tail else { throw MarkupError("libxml2 did not serialise text in <\(parent)>") }
            output.append(Array(bytes[head..<bytes.count - tail]))
        }
    }

    /// Copies `string` (made XML-safe) when all its bytes are `plain`, else hands it to `escape`.
    private func write(_ string: String, plain: PlainBytes, prefix: (ReportOutput) -> Void, suffix: UInt8?,
                       escape: (String) throws(MarkupError) -> Void) throws(MarkupError) {
        var string = string
        if !string.withUTF8({ plain.contains($0) }) {
            string = string.xmlSafe
            if !string.withUTF8({ plain.contains($0) }) { return try escape(string) }
        }
        prefix(output)
        string.withUTF8 { output.append($0) }
        if let suffix { output.append(suffix) }
    }

    private func newScratchElement(_ name: String) throws(MarkupError) -> xmlNodePtr {
        guard let node = libxml.xmlNewDocNode(scratch, nil, name, nil) else { throw MarkupError("libxml2 could not allocate <\(name)>") }
        return node
    }

    /// libxml2's serialisation of `node` alone (unindented).
    private func serialized(_ node: xmlNodePtr) throws(MarkupError) -> [UInt8] {
        guard let buffer = libxml.xmlAllocOutputBuffer(nil) else { throw MarkupError("libxml2 could not allocate an output buffer") }
        defer { libxml.xmlOutputBufferClose(buffer) }
        switch dialect {
        case .xml: libxml.xmlNodeDumpOutput(buffer, scratch, node, 0, 0, "UTF-8")
        case .html: libxml.htmlNodeDumpFormatOutput(buffer, scratch, node, nil, 0)
        }
        guard buffer.pointee.error == 0, let content = libxml.xmlOutputBufferGetContent(buffer) else {
            throw MarkupError("libxml2 could not serialise <\(String(cString: node.pointee.name))>")
        }
        return Array(UnsafeBufferPointer(start: content, count: libxml.xmlOutputBufferGetSize(buffer)))
    }

    private func layout(of name: String) throws(MarkupError) -> ElementLayout {
        if let layout = elements[name] { return layout }
        guard name.isMarkupName else { throw MarkupError("invalid element name \(name.debugDescription)") }
        var layout: ElementLayout
        switch dialect {
        case .xml:
            layout = ElementLayout(isVoid: false, isRawText: false, childlessTail: .selfClosing)
        case .html:
            // libxml2's own table: void elements, and elements whose end tag it leaves out when empty.
            let node = try newScratchElement(name)
            defer { libxml.xmlFreeNode(node) }
            let bytes = try serialized(node)
            guard bytes.count > name.utf8.count else { throw MarkupError("libxml2 did not serialise <\(name)>") }
            let lowercased = name.lowercased()
            let tail = Array(bytes[(1 + name.utf8.count)...])
            let childlessTail: ChildlessTail
            if tail == Array(">".utf8) {
                childlessTail = .startTagOnly
            } else if tail == Array("></\(name)>".utf8) {
                childlessTail = .endTag
            } else {
                throw MarkupError("libxml2 ends an empty <\(name)> with \(String(decoding: tail, as: UTF8.self).debugDescription), which the writer does not know")
            }
            layout = ElementLayout(isVoid: libxml.htmlTagLookup(name).map { $0.pointee.empty != 0 } ?? false,
                                   isRawText: lowercased == "script" || lowercased == "style",
                                   childlessTail: childlessTail)
        }
        if elements.hasRoom {
            let tags = UnsafeMutablePointer<Tags>.allocate(capacity: 1)
            tags.initialize(to: Tags(start: ShortBytes([0x3C] + Array(name.utf8)), end: ShortBytes([0x3C, 0x2F] + Array(name.utf8) + [0x3E])))
            ownedTags.append(tags)
            layout.tags = UnsafePointer(tags)
            elements.insert(layout, for: name)
        }
        return layout
    }

    private func attributeForm(_ name: String, of element: String) throws(MarkupError) -> AttributeForm {
        // The one attribute whose treatment depends on its element (HTML `a name`, a URI).
        if dialect == .html, name.utf8.count == 4, element.utf8.count == 1, name.lowercased() == "name", element.lowercased() == "a" {
            return AttributeForm(plain: .htmlURIAttribute, prefix: nil)
        }
        if let form = attributes[name] { return form }
        guard name.isMarkupName else { throw MarkupError("invalid attribute name \(name.debugDescription)") }
        let plain: PlainBytes
        switch dialect {
        case .xml:
            plain = .xmlAttribute
        case .html:
            let lowercased = name.lowercased()
            if libxml.htmlIsBooleanAttr(name) != 0 {
                plain = .none
            } else if lowercased == "href" || lowercased == "action" || lowercased == "src" {
                plain = .htmlURIAttribute
            } else {
                plain = .htmlAttribute
            }
        }
        var form = AttributeForm(plain: plain, prefix: nil)
        if attributes.hasRoom {
            let prefix = UnsafeMutablePointer<ShortBytes>.allocate(capacity: 1)
            prefix.initialize(to: ShortBytes([0x20] + Array(name.utf8) + [0x3D, 0x22]))
            ownedPrefixes.append(prefix)
            form.prefix = UnsafePointer(prefix)
            attributes.insert(form, for: name)
        }
        return form
    }
}


/// Writing element by element: what `writeHTML(_:)` (an HTML item) or `writeXML(_:level:indented:)`
/// (an XML document) writes for the tree the same calls build.
extension MarkupWriter: MarkupSink {
    func start(_ name: String) throws(MarkupError) {
        if dialect == .xml { return try startXML(name) }
        try startContent()
        let layout = try self.layout(of: name)
        writeStartTag(name, layout)
        open.append(OpenElement(name: name, layout: layout, hasContent: false))
    }

    func attribute(_ name: String, _ value: String) throws(MarkupError) {
        // The start tag is still open: the element was started by the item and has no content yet.
        // By index: copying the open element (its name and layout) cost two retains and releases.
        let last = open.count - 1
        guard last >= sinkFloor, !open[last].hasContent else {
            throw MarkupError("attribute \(name) after the content of its element")
        }
        try writeAttribute(MarkupAttribute(name: name, value: value), of: open[last].name)
    }

    func text(_ text: String) throws(MarkupError) {
        if dialect == .xml { return try textXML(text) }
        try writeText(text, in: startHTMLText())
    }

    func text(_ text: String, utf8 range: Range<Int>) throws(MarkupError) {
        if dialect == .xml { return try textXML(Self.part(of: text, utf8: range)) }
        let parent = try startHTMLText()
        // A plain part is copied from the string's own bytes; any other is made a string and
        // written as `text(_:)` writes it.
        var copy = text
        let copied = copy.withUTF8 { bytes in
            let part = UnsafeBufferPointer(rebasing: bytes[range])
            guard PlainBytes.htmlText.contains(part) else { return false }
            output.append(part)
            return true
        }
        if !copied { try writeText(Self.part(of: text, utf8: range), in: parent) }
    }

    /// Checks that text may go into the current element and closes its start tag; returns its name.
    private func startHTMLText() throws(MarkupError) -> String {
        let last = open.count - 1
        guard last >= 0 else { throw MarkupError("text outside an element") }
        guard !open[last].layout.isRawText else {
            throw MarkupError("text from input inside <\(open[last].name)>: only the writer's own code may go there")
        }
        try startContent()
        return open[last].name
    }

    func end() throws(MarkupError) {
        if dialect == .xml { return try endXML() }
        // The generator's own element is ended by the tree it belongs to.
        guard open.count > sinkFloor, let element = open.popLast() else { throw MarkupError("an item ended more elements than it started") }
        if element.layout.isVoid {
            return output.append(0x3E)
        }
        if element.hasContent {
            writeEndTag(element.name, element.layout)
        } else {
            writeChildlessTail(element.layout, of: element.name)
        }
    }

    // XML: the layout `writeXML(_:level:indented:)` gives the tree, decided as the calls come. An
    // element's children are indented when it is and its first child is an element; text after
    // indented children cannot be written so (libxml2 would indent none of them) and is refused.

    private func startXML(_ name: String) throws(MarkupError) {
        let layout = try self.layout(of: name)
        let last = open.count - 1
        var isIndented = true
        if last >= 0 {
            if !open[last].hasContent {
                open[last].hasContent = true
                open[last].indentsContent = open[last].isIndented
                output.append(0x3E)
                if open[last].indentsContent { output.append(0x0A) }
            }
            isIndented = open[last].indentsContent
        } else if rootEnded {
            throw MarkupError("an XML document has one root element")
        }
        if isIndented { indent(open.count) }
        writeStartTag(name, layout)
        open.append(OpenElement(name: name, layout: layout, hasContent: false, isIndented: isIndented))
    }

    private func textXML(_ text: String) throws(MarkupError) {
        let last = open.count - 1
        guard last >= 0 else { throw MarkupError("text outside the root element") }
        if !open[last].hasContent {
            open[last].hasContent = true
            open[last].indentsContent = false
            output.append(0x3E)
        } else if open[last].indentsContent {
            throw MarkupError("text after elements in <\(open[last].name)>: libxml2 would not have indented them")
        }
        try writeText(text, in: open[last].name)
    }

    private func endXML() throws(MarkupError) {
        guard let element = open.popLast() else { throw MarkupError("more elements ended than started") }
        if !element.hasContent {
            writeChildlessTail(element.layout, of: element.name)
        } else {
            if element.indentsContent { indent(open.count) }
            writeEndTag(element.name, element.layout)
        }
        if let parent = open.last {
            if parent.indentsContent { output.append(0x0A) }
        } else {
            rootEnded = true
        }
    }

    /// Closes the current element's start tag before its first content.
    private func startContent() throws(MarkupError) {
        let last = open.count - 1
        guard last >= 0 else { throw MarkupError("content outside an element") }
        guard !open[last].hasContent else { return }
        // libxml2 would leave the content of a void element out; none of ours has any.
        guard !open[last].layout.isVoid else { throw MarkupError("<\(open[last].name)> cannot have content") }
        output.append(0x3E)
        open[last].hasContent = true
    }
}

/// Up to 24 bytes kept inline (no allocation, no reference count): an element's tags, an
/// attribute's ` name="`. Longer ones are not kept (`write` returns false and the caller writes the
/// pieces).
private struct ShortBytes {
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private var count = -1

    init(_ bytes: [UInt8]) {
        guard bytes.count <= 24 else { return }
        withUnsafeMutableBytes(of: &words) { $0.copyBytes(from: bytes) }
        count = bytes.count
    }

    /// Appends the bytes; false (nothing written) when they were too long to keep.
    func write(to output: ReportOutput) -> Bool {
        guard count >= 0 else { return false }
        withUnsafeBytes(of: words) { output.append(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        return true
    }
}

/// What the writer worked out once per name (an element's layout, an attribute's plain bytes), found
/// again by a cheap hash of the name's bytes: a report has a few dozen names, looked up for each of
/// its elements and attributes (a `Dictionary`'s SipHash of the name cost as much as writing the
/// attribute). Names past the table's capacity are not kept (worked out again each time).
/// The slots are memory the table owns (freed by `deallocate()`, from its writer's `deinit`), so a
/// lookup copies no array and touches no reference count but the name's.
private struct NameTable<Value> {
    private static var size: Int { 256 }
    private let names: UnsafeMutablePointer<String?>
    private let values: UnsafeMutablePointer<Value?>
    private var used = 0

    init() {
        names = .allocate(capacity: Self.size)
        names.initialize(repeating: nil, count: Self.size)
        values = .allocate(capacity: Self.size)
        values.initialize(repeating: nil, count: Self.size)
    }

    func deallocate() {
        names.deinitialize(count: Self.size)
        names.deallocate()
        values.deinitialize(count: Self.size)
        values.deallocate()
    }

    subscript(name: String) -> Value? {
        var slot = Self.slot(of: name)
        while let stored = names[slot] {
            if stored == name { return values[slot] }
            slot = (slot + 1) & (Self.size - 1)
        }
        return nil
    }

    /// Whether `insert` keeps another name.
    var hasRoom: Bool { used < Self.size / 2 }

    mutating func insert(_ value: Value, for name: String) {
        guard used < Self.size / 2 else { return }
        var slot = Self.slot(of: name)
        while let stored = names[slot] {
            if stored == name { return }
            slot = (slot + 1) & (Self.size - 1)
        }
        names[slot] = name
        values[slot] = value
        used += 1
    }

    /// A hash of the name's length and its first, middle and last bytes, folded to a slot: the
    /// names are a few dozen of the writers' own constants, and a hash of every byte cost more than
    /// the rest of the lookup. Names it confuses are told apart by the probe's comparison.
    private static func slot(of name: String) -> Int {
        var name = name
        let hash = name.withUTF8 { bytes -> UInt32 in
            guard let first = bytes.first else { return 0 }
            let count = UInt32(truncatingIfNeeded: bytes.count)
            return (count &* 0x9E37_79B1) ^ (UInt32(first) &* 0x0100_0193) ^ (UInt32(bytes[bytes.count / 2]) &* 0x85EB_CA6B) ^ (UInt32(bytes[bytes.count - 1]) &* 0xC2B2_AE35)
        }
        return Int((hash ^ (hash >> 15)) & UInt32(size - 1))
    }
}

/// The bytes libxml2 copies unchanged into its output in one place (a table of 256 flags). Bytes
/// 0x80 and above are UTF-8 (the documents are UTF-8, and libxml2 copies them), except the
/// characters XML cannot carry, U+FFFE and U+FFFF, which `xmlSafe` replaces first.
struct PlainBytes: Sendable {
    /// Bit `b % 64` of word `b / 64` is set when byte `b` is plain (four words, no array: the check
    /// runs for every string of a large report).
    private let words: (UInt64, UInt64, UInt64, UInt64)
    /// Not even the empty string (libxml2 writes a boolean attribute without its value).
    private let isEmpty: Bool
    /// For the text and attribute sets (every byte from 0x20 up plain but a few, which pair up
    /// into at most three pairs of bytes one bit apart, or single bytes: `&`, `<>`, DEL; `"&`, `<>`, DEL): each pair as the bits to set and the byte
    /// they then give, repeated in all eight bytes of a word, so that eight bytes at a time are
    /// checked with a few word operations (`<` and `>` are 0x3C and 0x3E: a byte is one of them
    /// exactly when it is 0x3E with bit 1 set). Nil for the other sets.
    private let excluded: Excluded?

    private struct Excluded {
        var set0, is0, set1, is1, set2, is2: UInt64
    }

    private init(ascii: String, utf8: Bool) {
        isEmpty = ascii.isEmpty && !utf8
        var words: [UInt64] = [0, 0, 0, 0]
        for byte in ascii.utf8 { words[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
        if utf8 { words[2] = ~0; words[3] = ~0 }
        self.words = (words[0], words[1], words[2], words[3])
        var others = (0x20...0xFF).filter { words[$0 >> 6] & (1 << UInt64($0 & 63)) == 0 }.map { UInt8($0) }
        // Pairs of excluded bytes one bit apart (as (bit, byte with the bit)), then single bytes.
        var pairs: [(UInt8, UInt8)] = []
        while let first = others.first {
            others.removeFirst()
            if let partner = others.firstIndex(where: { ($0 ^ first).nonzeroBitCount == 1 }) {
                let other = others.remove(at: partner)
                pairs.append((first ^ other, first | other))
            } else {
                pairs.append((0, first))
            }
        }
        if utf8, !pairs.isEmpty, pairs.count <= 3 {
            // Fewer pairs repeat the first (a byte found twice is found).
            let all = pairs + Array(repeating: pairs[0], count: 3 - pairs.count)
            excluded = Excluded(set0: UInt64(all[0].0) &* Self.ones, is0: UInt64(all[0].1) &* Self.ones,
                                set1: UInt64(all[1].0) &* Self.ones, is1: UInt64(all[1].1) &* Self.ones,
                                set2: UInt64(all[2].0) &* Self.ones, is2: UInt64(all[2].1) &* Self.ones)
        } else {
            excluded = nil
        }
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    private static let printable = String((0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) })
    private static let alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    /// Text content: everything printable but `<`, `>`, `&`; tab and line feed (XML writes a
    /// carriage return as `&#13;`).
    static let xmlText = PlainBytes(ascii: printable.filter { !"<>&".contains($0) } + "\t\n", utf8: true)
    static let htmlText = xmlText
    /// Attribute values, in double quotes: everything printable but `<`, `>`, `&`, `"` (libxml2
    /// escapes tab and line feed in XML attributes; it writes HTML values with `"` in single quotes).
    static let xmlAttribute = PlainBytes(ascii: printable.filter { !"<>&\"".contains($0) }, utf8: true)
    static let htmlAttribute = xmlAttribute
    /// `href`, `src`, `action` (and `name` on `a`), which libxml2 percent-escapes as URIs: the
    /// characters `xmlURIEscapeStr` keeps, less those escaped as entities first.
    static let htmlURIAttribute = PlainBytes(ascii: alphanumerics + "-_.!~*'()" + "@/:=?;#%,+", utf8: false)
    /// Boolean attributes (HTML): always left to libxml2.
    static let none = PlainBytes(ascii: "", utf8: false)

    /// Whether a word may hold a byte that is not plain (a control, an excluded byte, or BE/BF, the
    /// last byte of U+FFFE/U+FFFF); never false when it does. Each test leaves a byte's high bit set
    /// where the byte is what it looks for (`(x - 0x01…) & ~x` for a zero byte), so one branch
    /// decides them all.
    @inline(__always)
    private static func isSuspect(_ word: UInt64, _ excluded: Excluded) -> Bool {
        @inline(__always) func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x }
        // Bytes below 0x20 (bytes from 0x80 up never set this).
        var flags = (word &- ones &* 0x20) & ~word
        flags |= zeroBytes((word | excluded.set0) ^ excluded.is0) | zeroBytes((word | excluded.set1) ^ excluded.is1)
            | zeroBytes((word | excluded.set2) ^ excluded.is2)
        // BE and BF (0xBF with bit 0 set) only where there are bytes from 0x80 up.
        if word & highs != 0 { flags |= zeroBytes((word | ones) ^ (ones &* 0xBF)) }
        return flags & highs != 0
    }

    /// Whether the check goes eight bytes at a time (the text and attribute sets).
    var checksWords: Bool { excluded != nil }

    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if isEmpty { return false }
        guard let base = bytes.baseAddress else { return true }
        func isPlain(_ index: Int) -> Bool {
            let byte = base[index]
            let word = switch byte >> 6 {
            case 0: words.0
            case 1: words.1
            case 2: words.2
            default: words.3
            }
            guard word & (1 << UInt64(byte & 63)) != 0 else { return false }
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF).
            return !(byte >= 0xBE && byte <= 0xBF && index >= 2 && base[index - 1] == 0xBF && base[index - 2] == 0xEF)
        }
        var index = 0
        if let excluded {
            // Eight bytes at a time; a word with a control, an excluded byte or BE/BF (the last byte
            // of U+FFFE/U+FFFF) in it is checked byte by byte.
            while index + 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                // Some byte below 0x20 (bytes from 0x80 up never make this true).
                let suspect = Self.isSuspect(word, excluded)
                if suspect {
                    for inner in index..<index + 8 where !isPlain(inner) { return false }
                }
                index += 8
            }
            // The last bytes as the word that ends the string (it overlaps bytes already checked).
            if index < bytes.count, bytes.count >= 8 {
                index = bytes.count - 8
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let suspect = Self.isSuspect(word, excluded)
                if suspect {
                    for inner in index..<bytes.count where !isPlain(inner) { return false }
                }
                return true
            }
        }
        while index < bytes.count {
            guard isPlain(index) else { return false }
            index += 1
        }
        return true
    }
}
