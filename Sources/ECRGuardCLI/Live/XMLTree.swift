import CLibXML2
import Foundation

/// An AWS query-protocol answer (IAM, STS) read with libxml2 into plain values: element names without
/// namespaces, their children and their text. Network access and entity expansion stay off.
struct XMLTree: Sendable {
    struct Element: Sendable {
        var name: String
        var children: [Element]
        /// The element's own text (entities decoded); empty for elements with children.
        var text: String

        func child(_ name: String) -> Element? { children.first { $0.name == name } }
        func children(_ name: String) -> [Element] { children.filter { $0.name == name } }

        /// The first element named `name` at any depth below (depth-first, document order).
        func descendant(_ name: String) -> Element? {
            for child in children {
                if child.name == name { return child }
                if let found = child.descendant(name) { return found }
            }
            return nil
        }

        /// `<Parent><member>…</member>…</Parent>` lists of the query protocol.
        var members: [Element] { children("member") }
    }

    var root: Element?

    /// Nil when the bytes are not well-formed XML.
    init?(_ data: Data) {
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document: xmlDocPtr? = data.withUnsafeBytes { raw in
            xmlReadMemory(raw.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(raw.count), "answer.xml", "UTF-8", options)
        }
        guard let document else { return nil }
        defer { xmlFreeDoc(document) }
        guard let node = xmlDocGetRootElement(document) else { return nil }
        root = Self.read(node)
    }

    private static func read(_ node: xmlNodePtr) -> Element {
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        var children: [Element] = []
        var text = ""
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: children.append(read(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            default: break
            }
            child = current.pointee.next
        }
        return Element(name: name, children: children, text: children.isEmpty ? text : "")
    }
}
